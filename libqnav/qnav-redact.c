/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "qnav-redact-private.h"

/*
 * One redactor for every text that leaves the process. Each rule is a regex whose named
 * groups "keep" (before the secret) and "tail" (after it) survive; everything else of the
 * match becomes QNAV_REDACTED. Rules run in order, so the specific token shapes come before
 * the generic key=value rule that would otherwise eat their prefix.
 */
typedef struct {
	const gchar *name;
	const gchar *regex;
	GRegexCompileFlags flags;
} RedactRule;

#define KEEP "(?<keep>"
#define CI G_REGEX_CASELESS

static const RedactRule rules[] = {
	/* PEM private keys, also when the END line was cut off */
	{ "pem-private-key",
	  KEEP "-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----)[\\s\\S]*?(?:(?<tail>-----END [A-Z0-9 "
	       "]*PRIVATE KEY-----)|\\z)",
	  0 },
	{ "pgp-private-key",
	  KEEP "-----BEGIN PGP PRIVATE KEY BLOCK-----)[\\s\\S]*?(?:(?<tail>-----END PGP "
	       "PRIVATE KEY BLOCK-----)|\\z)",
	  0 },
	/* HTTP authorization headers: keep the scheme, drop the credentials */
	{ "authorization-header",
	  KEEP "\\b(?:proxy-)?authorization[\"']?\\s*[:=]\\s*[\"']?(?:bearer|basic|token|digest|"
	       "negotiate|apikey)?\\s*)[^\\s\",}]+(?:[ \\t]+[^\\s\",}]+)*",
	  CI },
	{ "token-header",
	  KEEP "\\b(?:x-vault-token|x-api-key|api-key|private-token|x-auth-token|x-goog-api-key|"
	       "cookie|set-cookie)\\s*:\\s*)[^\\r\\n]+",
	  CI },
	{ "bearer-token", KEEP "\\bbearer\\s+)[A-Za-z0-9._~+/=-]{8,}", CI },
	/* passwords in URLs: scheme://user:password@host */
	{ "url-password", KEEP "\\b[a-z][a-z0-9+.-]*://[^/\\s:@]*:)[^@\\s/]+(?<tail>@)", CI },
	/* vendor token shapes */
	{ "github-token", "\\bgh[pousr]_[A-Za-z0-9]{30,}", 0 },
	{ "github-fine-grained-token", "\\bgithub_pat_[A-Za-z0-9_]{30,}", 0 },
	{ "gitlab-token", "\\bgl(?:pat|dt|rt|ptt|ft|soat|cbt|imt|agent)-[A-Za-z0-9_-]{20,}", 0 },
	{ "aws-access-key-id", "\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\\b",
	  0 },
	{ "vault-token", "\\bhv[sbr]\\.[A-Za-z0-9_-]{20,}", 0 },
	{ "vault-legacy-token", "\\bs\\.[A-Za-z0-9]{24}\\b", 0 },
	{ "jwt", "\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}", 0 },
	{ "slack-token", "\\bxox[abposr]-[A-Za-z0-9-]{10,}", 0 },
	{ "openai-key", "\\bsk-(?:proj-|or-v1-|ant-)?[A-Za-z0-9_-]{20,}", 0 },
	{ "stripe-key", "\\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}", 0 },
	{ "google-api-key", "\\bAIza[0-9A-Za-z_-]{35}", 0 },
	{ "huggingface-token", "\\bhf_[A-Za-z0-9]{30,}", 0 },
	{ "npm-token", "\\bnpm_[A-Za-z0-9]{36}", 0 },
	{ "pypi-token", "\\bpypi-[A-Za-z0-9_-]{40,}", 0 },
	/* registry auth files: "auth": "base64", "identitytoken": "…" */
	{ "registry-auth",
	  KEEP "\"(?:auth|identitytoken|registrytoken)\"\\s*:\\s*\")[^\"]+(?<tail>\")", CI },
	/* systemd Environment= lines carry whatever the unit was given */
	{ "systemd-environment", KEEP "\\bEnvironment=)[^\\r\\n]+", 0 },
	/* command-line flags that take a secret */
	{ "secret-flag",
	  KEEP "(?:^|\\s)--?(?:password|passwd|pass|token|secret|api-key|apikey|client-secret|"
	       "vault-password|become-password)[= ])\\S+",
	  CI },
	{ "sshpass", KEEP "\\bsshpass\\s+-p\\s*)\\S+", 0 },
	/* registry and cluster logins: podman login -u user -p password */
	{ "login-password-flag",
	  KEEP "\\b(?:podman|docker|buildah|skopeo|oc|helm|crc|kubectl)\\b[^\\n]*?\\blogin\\b[^\\n]*?\\s-p[= ]?)"
	       "[^\\s'\"]+",
	  0 },
	/* curl -u user:password, and the MySQL clients' -pPASSWORD */
	{ "user-password-flag", KEEP "(?:^|\\s)(?:-u|--user|--proxy-user)[= ]+['\"]?[^:\\s'\"]+:)[^\\s'\"]+", 0 },
	{ "mysql-password", KEEP "\\bmysql(?:dump|admin)?\\b[^\\n]*?\\s-p)[^\\s'\"]+", 0 },
	/* key=value, key: value and "key": "value" where the key names a secret */
	{ "secret-assignment",
	  KEEP "(?:\"|')?[A-Za-z0-9_.-]*(?:password|passwd|passphrase|secret|token|api[_-]?key|"
	       "access[_-]?key|private[_-]?key|client[_-]?key|accountkey|credential|auth[_-]?key|"
	       "pgpass|pwd)[A-Za-z0-9_.-]*(?:\"|')?\\s*(?:=|:)\\s*(?:\"|')?)(?!\\[REDACTED\\])"
	       "(?![\\s,;})\\]]|$)(?!/|~/|\\./)(?!(?:file|path|dir|directory|none|null|true|false|required|"
	       "invalid|incorrect|unauthorized|expired|missing|wrong|rejected|denied|failed|"
	       "error|not|no|bad|unknown|empty|is|was|for|of|the|and|or|to|in|on|provided|"
	       "authentication|required)\\b)"
	       "[^\\s\"',;}]+",
	  CI },
};

typedef struct {
	GRegex *regex;
} CompiledRule;

static CompiledRule *compiled;

static gpointer
compile_rules (gpointer data)
{
	compiled = g_new0 (CompiledRule, G_N_ELEMENTS (rules));
	for (guint i = 0; i < G_N_ELEMENTS (rules); i++) {
		g_autoptr(GError) error = NULL;
		/* no JIT: these run on a few short strings per process, so compiling fast
		 * matters more than matching fast */
		compiled[i].regex = g_regex_new (rules[i].regex,
						 rules[i].flags | G_REGEX_RAW |
							 G_REGEX_MULTILINE,
						 0, &error);
		/* The rules are constants of this file: a failure is a bug caught by the tests. */
		if (compiled[i].regex == NULL)
			g_error ("redaction rule %s does not compile: %s", rules[i].name,
				 error->message);
	}
	return NULL;
}

static gboolean
replace_secret (const GMatchInfo *match_info, GString *result, gpointer user_data)
{
	g_autofree gchar *keep = g_match_info_fetch_named (match_info, "keep");
	g_autofree gchar *tail = g_match_info_fetch_named (match_info, "tail");

	if (keep != NULL)
		g_string_append (result, keep);
	g_string_append (result, QNAV_REDACTED);
	if (tail != NULL)
		g_string_append (result, tail);
	return FALSE;
}

/* Cheap screen, so that most texts skip the regexes: every rule needs one of these words
 * (case-insensitively), a "key" followed by an assignment, or a long run of letters and
 * digits such as every vendor token has. */
static const gchar *const triggers[] = {
	"private key", "authoriz", "token", "cookie", "bearer", "://", "auth", "environment=",
	"pass", "secret", "credential", "pwd", "api-key", "apikey", "sshpass", "mysql", "login",
};

/* "-u user:password" and "--user user:password": the flag, then a token holding a colon */
static gboolean
has_user_flag (const gchar *lower)
{
	static const gchar *const flags[] = { "-u ", "-u=", "--user ", "--user=", "--proxy-user" };

	for (guint i = 0; i < G_N_ELEMENTS (flags); i++) {
		for (const gchar *p = strstr (lower, flags[i]); p != NULL;
		     p = strstr (p + 1, flags[i])) {
			const gchar *q = p + strlen (flags[i]);
			while (*q == ' ' || *q == '\'' || *q == '"')
				q++;
			while (*q != '\0' && *q != ' ' && *q != ':')
				q++;
			if (*q == ':')
				return TRUE;
		}
	}
	return FALSE;
}

static gboolean
has_key_assignment (const gchar *lower)
{
	for (const gchar *p = strstr (lower, "key"); p != NULL; p = strstr (p + 3, "key")) {
		const gchar *q = p + 3;
		while (*q == ' ' || *q == '"' || *q == '\'')
			q++;
		if (*q == '=' || *q == ':')
			return TRUE;
	}
	return FALSE;
}

static gboolean
has_token_like_run (const gchar *text)
{
	guint run = 0;
	gboolean digit = FALSE, letter = FALSE;

	for (const gchar *p = text;; p++) {
		if (g_ascii_isalnum (*p) || *p == '_' || *p == '-') {
			run++;
			digit |= g_ascii_isdigit (*p);
			letter |= g_ascii_isalpha (*p);
			continue;
		}
		if (run >= 16 && digit && letter)
			return TRUE;
		if (*p == '\0')
			return FALSE;
		run = 0;
		digit = letter = FALSE;
	}
}

gboolean
qnav_redact_needed (const gchar *text)
{
	g_autofree gchar *lower = NULL;

	if (text == NULL || *text == '\0')
		return FALSE;
	lower = g_ascii_strdown (text, -1);
	for (guint i = 0; i < G_N_ELEMENTS (triggers); i++) {
		if (strstr (lower, triggers[i]) != NULL)
			return TRUE;
	}
	return has_key_assignment (lower) || has_user_flag (lower) || has_token_like_run (text);
}

/* Returns a copy of @text with every secret it recognises replaced by QNAV_REDACTED. */
gchar *
qnav_redact (const gchar *text)
{
	static GOnce once = G_ONCE_INIT;
	g_autofree gchar *current = NULL;

	if (text == NULL)
		return NULL;
	if (!qnav_redact_needed (text))
		return g_strdup (text);

	g_once (&once, compile_rules, NULL);
	current = g_strdup (text);
	for (guint i = 0; i < G_N_ELEMENTS (rules); i++) {
		g_autoptr(GError) error = NULL;
		gchar *next = g_regex_replace_eval (compiled[i].regex, current, -1, 0, 0,
						    replace_secret, NULL, &error);
		/* A matching error (PCRE2's match limit on a pathological text) must not let
		 * the secret through: drop the whole text rather than leak it. */
		if (next == NULL) {
			g_debug ("redaction rule %s failed: %s", rules[i].name,
				 error != NULL ? error->message : "unknown error");
			return g_strdup (QNAV_REDACTED);
		}
		g_free (current);
		current = next;
	}
	return g_steal_pointer (&current);
}
