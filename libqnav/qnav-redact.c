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
	/* lower-case words separated by '|', one of which every match holds; "@token" for
	 * rules that need a long run of letters and digits, "@user" for "-u user:password",
	 * "@assign" for a secret-sounding key followed by '=' or ':' */
	const gchar *triggers;
} RedactRule;

#define KEEP "(?<keep>"
#define CI G_REGEX_CASELESS

static const RedactRule rules[] = {
	/* PEM private keys, also when the END line was cut off */
	{ "pem-private-key",
	  KEEP "-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----)[\\s\\S]*?(?:(?<tail>-----END [A-Z0-9 "
	       "]*PRIVATE KEY-----)|\\z)",
	  0, "private key" },
	{ "pgp-private-key",
	  KEEP "-----BEGIN PGP PRIVATE KEY BLOCK-----)[\\s\\S]*?(?:(?<tail>-----END PGP "
	       "PRIVATE KEY BLOCK-----)|\\z)",
	  0, "private key" },
	/* HTTP authorization headers: keep the scheme, drop the credentials */
	{ "authorization-header",
	  KEEP "\\b(?:proxy-)?authorization[\"']?\\s*[:=]\\s*[\"']?(?:bearer|basic|token|digest|"
	       "negotiate|apikey)?\\s*)[^\\s\",}]+(?:[ \\t]+[^\\s\",}]+)*",
	  CI, "authoriz" },
	{ "token-header",
	  KEEP "\\b(?:x-vault-token|x-api-key|api-key|private-token|x-auth-token|x-goog-api-key|"
	       "cookie|set-cookie)\\s*:\\s*)[^\\r\\n]+",
	  CI, "token|api-key|cookie" },
	{ "bearer-token", KEEP "\\bbearer\\s+)[A-Za-z0-9._~+/=-]{8,}", CI, "bearer" },
	/* passwords in URLs: scheme://user:password@host */
	{ "url-password", KEEP "\\b[a-z][a-z0-9+.-]*://[^/\\s:@]*:)[^@\\s/]+(?<tail>@)", CI, "://" },
	/* vendor token shapes */
	{ "github-token", "\\bgh[pousr]_[A-Za-z0-9]{30,}", 0, "@token" },
	{ "github-fine-grained-token", "\\bgithub_pat_[A-Za-z0-9_]{30,}", 0, "@token" },
	{ "gitlab-token", "\\bgl(?:pat|dt|rt|ptt|ft|soat|cbt|imt|agent)-[A-Za-z0-9_-]{20,}", 0, "@token" },
	{ "aws-access-key-id", "\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\\b",
	  0, "@token" },
	{ "vault-token", "\\bhv[sbr]\\.[A-Za-z0-9_-]{20,}", 0, "@token" },
	{ "vault-legacy-token", "\\bs\\.[A-Za-z0-9]{24}\\b", 0, "@token" },
	{ "jwt", "\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}", 0, "@token" },
	{ "slack-token", "\\bxox[abposr]-[A-Za-z0-9-]{10,}", 0, "@token" },
	{ "openai-key", "\\bsk-(?:proj-|or-v1-|ant-)?[A-Za-z0-9_-]{20,}", 0, "@token" },
	{ "stripe-key", "\\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}", 0, "@token" },
	{ "google-api-key", "\\bAIza[0-9A-Za-z_-]{35}", 0, "@token" },
	{ "huggingface-token", "\\bhf_[A-Za-z0-9]{30,}", 0, "@token" },
	{ "npm-token", "\\bnpm_[A-Za-z0-9]{36}", 0, "@token" },
	{ "pypi-token", "\\bpypi-[A-Za-z0-9_-]{40,}", 0, "@token" },
	/* registry auth files: "auth": "base64", "identitytoken": "…" */
	{ "registry-auth",
	  KEEP "\"(?:auth|identitytoken|registrytoken)\"\\s*:\\s*\")[^\"]+(?<tail>\")", CI, "auth|token" },
	/* systemd Environment= lines carry whatever the unit was given */
	{ "systemd-environment", KEEP "\\bEnvironment=)[^\\r\\n]+", 0, "environment=" },
	/* command-line flags that take a secret */
	{ "secret-flag",
	  KEEP "(?:^|\\s)--?(?:password|passwd|pass|token|secret|api-key|apikey|client-secret|"
	       "vault-password|become-password)[= ])\\S+",
	  CI, "pass|token|secret|api-key|apikey" },
	{ "sshpass", KEEP "\\bsshpass\\s+-p\\s*)\\S+", 0, "sshpass" },
	/* registry and cluster logins: podman login -u user -p password */
	{ "login-password-flag",
	  KEEP "\\b(?:podman|docker|buildah|skopeo|oc|helm|crc|kubectl)\\b[^\\n]*?\\blogin\\b[^\\n]*?\\s-p[= ]?)"
	       "[^\\s'\"]+",
	  0, "login" },
	/* curl -u user:password, and the MySQL clients' -pPASSWORD */
	{ "user-password-flag", KEEP "(?:^|\\s)(?:-u|--user|--proxy-user)[= ]+['\"]?[^:\\s'\"]+:)[^\\s'\"]+", 0, "@user" },
	{ "mysql-password", KEEP "\\bmysql(?:dump|admin)?\\b[^\\n]*?\\s-p)[^\\s'\"]+", 0, "mysql" },
	/* key=value, key: value and "key": "value" where the key names a secret */
	{ "secret-assignment",
	  "(?<![A-Za-z0-9_.\"'-])" KEEP "(?:\"|')?[A-Za-z0-9_.-]*(?:password|passwd|passphrase|"
	       "secret|token|api[_-]?key|"
	       "access[_-]?key|private[_-]?key|client[_-]?key|accountkey|credential|auth[_-]?key|"
	       "pgpass|pwd)[A-Za-z0-9_.-]*(?:\"|')?\\s*(?:=|:)\\s*(?:\"|')?)(?!\\[REDACTED\\])"
	       "(?![\\s,;})\\]]|$)(?!/|~/|\\./)(?!(?:file|path|dir|directory|none|null|true|false|required|"
	       "invalid|incorrect|unauthorized|expired|missing|wrong|rejected|denied|failed|"
	       "error|not|no|bad|unknown|empty|is|was|for|of|the|and|or|to|in|on|provided|"
	       "authentication|required)\\b)"
	       "[^\\s\"',;}]+",
	  CI, "@assign" },
};

/* compiled on first use, one by one: a text usually triggers none or one of them. Each rule
 * comes in two: for UTF-8 text, and byte by byte for the rest. GRegex matches bytes as
 * Latin-1 characters, to which 0x85 and 0xA0 are spaces: in UTF-8 text they are the second
 * byte of "ʅ" or "à", where a secret would be cut in two, half of it left in the clear. */
static GRegex *compiled_utf8[G_N_ELEMENTS (rules)]; /* atomic */
static GRegex *compiled_raw[G_N_ELEMENTS (rules)];  /* atomic */

static GRegex *
rule_regex (guint i, gboolean utf8)
{
	GRegex **slot = utf8 ? &compiled_utf8[i] : &compiled_raw[i];
	GRegex *regex = g_atomic_pointer_get (slot);
	g_autoptr(GError) error = NULL;

	if (regex != NULL)
		return regex;
	/* no JIT: these run on a few short strings, so compiling fast matters more than
	 * matching fast */
	regex = g_regex_new (rules[i].regex,
			     rules[i].flags | (utf8 ? 0 : G_REGEX_RAW) | G_REGEX_MULTILINE, 0,
			     &error);
	/* the rules are constants of this file: a failure is a bug the tests catch */
	if (regex == NULL)
		g_error ("redaction rule %s does not compile: %s", rules[i].name, error->message);
	if (!g_atomic_pointer_compare_and_exchange (slot, NULL, regex))
		g_regex_unref (regex);
	return g_atomic_pointer_get (slot);
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

/* a run of 16 or more letters, digits, '_' and '-' with both letters and digits: what every
 * vendor token shape has */
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

/* a key naming a secret ("password", "client_secret", "api-key"…), then '=' or ':' after the
 * rest of the key and any quotes and spaces */
static gboolean
has_secret_assignment (const gchar *lower)
{
	static const gchar *const words[] = { "pass", "secret", "token", "key", "credential",
					      "pwd" };

	for (guint i = 0; i < G_N_ELEMENTS (words); i++) {
		for (const gchar *p = strstr (lower, words[i]); p != NULL;
		     p = strstr (p + 1, words[i])) {
			const gchar *q = p + strlen (words[i]);
			while (g_ascii_isalnum (*q) || *q == '_' || *q == '-' || *q == '.' ||
			       *q == '"' || *q == '\'' || *q == ' ')
				q++;
			if (*q == '=' || *q == ':')
				return TRUE;
		}
	}
	return FALSE;
}

typedef struct {
	const gchar *text;
	gchar *lower;
	gint token_run;  /* -1 unknown */
	gint user_flag;  /* -1 unknown */
	gint assignment; /* -1 unknown */
} Screen;

/* Whether rule @i can match @screen's text: one of its trigger words occurs in it (a cheap
 * test that spares the regex on almost every text). */
static gboolean
rule_triggered (guint i, Screen *screen)
{
	const gchar *triggers = rules[i].triggers;

	if (g_str_equal (triggers, "@token")) {
		if (screen->token_run < 0)
			screen->token_run = has_token_like_run (screen->text);
		return screen->token_run;
	}
	if (g_str_equal (triggers, "@user")) {
		if (screen->user_flag < 0)
			screen->user_flag = has_user_flag (screen->lower);
		return screen->user_flag;
	}
	if (g_str_equal (triggers, "@assign")) {
		if (screen->assignment < 0)
			screen->assignment = has_secret_assignment (screen->lower);
		return screen->assignment;
	}
	for (const gchar *word = triggers; word != NULL;) {
		const gchar *bar = strchr (word, '|');
		gsize length = bar != NULL ? (gsize) (bar - word) : strlen (word);
		gchar buffer[32];

		g_assert (length < sizeof buffer);
		memcpy (buffer, word, length);
		buffer[length] = '\0';
		if (strstr (screen->lower, buffer) != NULL)
			return TRUE;
		word = bar != NULL ? bar + 1 : NULL;
	}
	return FALSE;
}

gboolean
qnav_redact_needed (const gchar *text)
{
	Screen screen = { text, NULL, -1, -1, -1 };
	gboolean needed = FALSE;

	if (text == NULL || *text == '\0')
		return FALSE;
	screen.lower = g_ascii_strdown (text, -1);
	for (guint i = 0; i < G_N_ELEMENTS (rules) && !needed; i++)
		needed = rule_triggered (i, &screen);
	g_free (screen.lower);
	return needed;
}

/* One pass of every triggered rule over @text; returns NULL when a rule fails. */
static gchar *
redact_pass (const gchar *text)
{
	Screen screen = { text, NULL, -1, -1, -1 };
	g_autofree gchar *current = g_strdup (text);
	gboolean utf8 = g_utf8_validate (text, -1, NULL);

	screen.lower = g_ascii_strdown (text, -1);
	for (guint i = 0; i < G_N_ELEMENTS (rules); i++) {
		g_autoptr(GError) error = NULL;
		gchar *next;

		if (!rule_triggered (i, &screen))
			continue;
		next = g_regex_replace_eval (rule_regex (i, utf8), current, -1, 0, 0,
					     replace_secret, NULL, &error);
		if (next == NULL) {
			g_debug ("redaction rule %s failed: %s", rules[i].name,
				 error != NULL ? error->message : "unknown error");
			g_free (screen.lower);
			return NULL;
		}
		g_free (current);
		current = next;
	}
	g_free (screen.lower);
	return g_steal_pointer (&current);
}

/* Returns a copy of @text with every secret it recognises replaced by QNAV_REDACTED. Each
 * rule runs only on a text holding one of its trigger words. Passes repeat until nothing
 * changes, so that redacting a redacted text changes nothing (a marker can open the way to
 * a match that its secret blocked). */
gchar *
qnav_redact (const gchar *text)
{
	g_autofree gchar *current = NULL;

	if (text == NULL)
		return NULL;
	current = g_strdup (text);
	for (guint pass = 0; pass < 8; pass++) {
		gchar *next = redact_pass (current);
		gboolean changed;

		/* a matching error (PCRE2's match limit on a pathological text) must not let
		 * the secret through: drop the whole text rather than leak it */
		if (next == NULL)
			return g_strdup (QNAV_REDACTED);
		changed = g_strcmp0 (next, current) != 0;
		g_free (current);
		current = next;
		if (!changed)
			break;
	}
	return g_steal_pointer (&current);
}
