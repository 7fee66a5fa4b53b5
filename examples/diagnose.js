#!/usr/bin/env -S gjs -m
// Diagnose a failure text with libqnav from GJS, without blocking the main loop.
//
//   gjs -m diagnose.js [FAILURE-FILE]

import GLib from 'gi://GLib';
import Qnav from 'gi://Qnav?version=0.1';
import System from 'system';

const here = GLib.path_get_dirname(System.programPath);
const file = ARGV[0] ?? GLib.build_filenamev([here, 'sample-failure.txt']);
const loop = GLib.MainLoop.new(null, false);
let status = 0;

function report(analysis) {
    const rootCause = analysis.root_cause;

    print(`${analysis.plugin} failed`);
    print(`Root cause: ${Qnav.root_cause_to_string(rootCause)} ` +
          `(${Math.round(analysis.confidence * 100)}% confident, ` +
          `severity ${Qnav.severity_to_string(analysis.severity)})`);
    print(`Why: ${analysis.description}`);
    // object lists are read with their getter: GJS 1.74 cannot read GPtrArray properties
    for (const evidence of analysis.get_evidence()) {
        if (evidence.category !== rootCause || evidence.weight <= 0)
            continue;
        if (evidence.line > 0)
            print(`Evidence, line ${evidence.line}: ${evidence.text}`);
        else
            print(`Evidence, ${evidence.source}: ${evidence.signal}`);
    }
    analysis.recommended_actions.forEach((action, i) => print(`Do ${i + 1}: ${action}`));
    print(`Fingerprint: ${analysis.fingerprint}`);
}

try {
    const [, contents] = GLib.file_get_contents(file);
    const text = new TextDecoder().decode(contents);
    const context = Qnav.DiagnosticContext.new('freeipa_deployment.start_vm', text);
    const analyzer = Qnav.FailureAnalyzer.new(Qnav.PatternLibrary.new_default());

    analyzer.analyze_async(context, null, (source, result) => {
        try {
            report(source.analyze_finish(result));
        } catch (e) {
            printerr(`diagnose.js: ${e.message}`);
            status = 1;
        }
        loop.quit();
    });
    loop.run();
} catch (e) {
    printerr(`diagnose.js: ${e.message}`);
    status = 1;
}
System.exit(status);
