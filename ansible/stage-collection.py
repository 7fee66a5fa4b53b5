#!/usr/bin/env python3
# Copyright 2026 qnav developers
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Stage the qubinode.navigator collection into the build directory.

    stage-collection.py DEST STAMP REL SRC [REL SRC ...]

Copies each SRC to DEST/REL (modes kept, so the module binaries stay executable) into a
fresh directory that then replaces DEST: a file removed from the sources does not linger in
the staged collection. Writes STAMP last, for ninja.
"""

import os
import shutil
import sys


def main(argv):
    if len(argv) < 3 or (len(argv) - 3) % 2 != 0:
        sys.exit(__doc__)
    dest, stamp, pairs = argv[1], argv[2], argv[3:]
    staging = dest + '.staging'
    shutil.rmtree(staging, ignore_errors=True)
    for rel, src in zip(pairs[0::2], pairs[1::2]):
        if os.path.isabs(rel) or '..' in rel.split('/'):
            sys.exit(f'stage-collection: {rel} is not a path inside the collection')
        target = os.path.join(staging, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy2(src, target)
        if os.access(src, os.X_OK):
            os.chmod(target, 0o755)
        else:
            os.chmod(target, 0o644)
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    os.rename(staging, dest)
    with open(stamp, 'w', encoding='utf-8') as f:
        f.write(dest + '\n')


if __name__ == '__main__':
    main(sys.argv)
