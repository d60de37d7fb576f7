/**
 * slimfile.h - the one public header of libslimfile, a Dockerfile linter and rewriter.
 *
 * Data flows: source bytes -> tokens -> AST (sf_doc) -> findings (sf_result) -> edits -> new source.
 *
 * Conventions
 * - Every exported name starts with sf_ / SF_. Types are opaque; reach into them with functions.
 * - A function that can fail returns int: SF_OK (0) or a negative SF_E* code.
 * - Out-parameters come first. What comes back through `**out` belongs to the caller and is
 *   released with the matching _free. Pointers returned by getters are borrowed: they stay valid
 *   until the object they came from is freed.
 * - Problems in a Dockerfile (syntax errors, invalid UTF-8) are findings, not error codes: any
 *   input gives a document.
 * - No global mutable state: separate documents may be used from separate threads; an sf_linter
 *   is immutable once created and may be shared by threads.
 * - Positions: lines are 1-based. Columns are 1-based and exist in three units: bytes (`col`),
 *   UTF-16 code units (`col16`, what editors speak) and Unicode code points (`colcp`). Ranges
 *   are half-open: `end` is the position just after the last byte.
 */
#ifndef SF_SLIMFILE_H
#define SF_SLIMFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(SF_BUILDING) && defined(__GNUC__)
#define SF_API __attribute__((visibility("default")))
#else
#define SF_API
#endif

#define SF_VERSION_MAJOR 0
#define SF_VERSION_MINOR 1
#define SF_VERSION_PATCH 0
#define SF_VERSION_STRING "0.1.0"
#define SF_VERSION_NUMBER (SF_VERSION_MAJOR * 10000 + SF_VERSION_MINOR * 100 + SF_VERSION_PATCH)

/** Return codes. */
enum {
    SF_OK = 0,
    SF_ERROR = -1,     /**< generic failure */
    SF_ENOMEM = -2,    /**< out of memory */
    SF_EINVAL = -3,    /**< invalid argument */
    SF_EIO = -4,       /**< a file could not be read (sf_doc_parse_file only) */
    SF_ENOTFOUND = -5, /**< no such item (rule id, file) */
    SF_ELIMIT = -6     /**< input larger than SF_MAX_INPUT */
};

/** Largest input accepted, in bytes (offsets are 32-bit). */
#define SF_MAX_INPUT ((size_t)1 << 30)

/** Severity of a finding. Lower is more severe. */
typedef enum {
    SF_SEV_ERROR = 0,
    SF_SEV_WARNING = 1,
    SF_SEV_INFO = 2,
    SF_SEV_STYLE = 3,
    SF_SEV_NONE = 4 /**< as a failure level: nothing fails */
} sf_severity;

/** A position in a document's source. */
typedef struct sf_pos {
    uint32_t offset; /**< byte offset from the start of the source, 0-based */
    uint32_t line;   /**< 1-based line */
    uint32_t col;    /**< 1-based column in bytes */
    uint32_t col16;  /**< 1-based column in UTF-16 code units */
    uint32_t colcp;  /**< 1-based column in Unicode code points (characters) */
} sf_pos;

/** A half-open range [start, end) of a document's source. */
typedef struct sf_range {
    sf_pos start;
    sf_pos end;
} sf_range;

/** A growable byte buffer filled by the library. Always NUL-terminated when ptr != NULL.
 *  Release with sf_buf_dispose. */
typedef struct sf_buf {
    char *ptr;    /**< bytes, or NULL when empty and never grown */
    size_t size;  /**< bytes used, not counting the terminating NUL */
    size_t asize; /**< bytes allocated */
} sf_buf;
#define SF_BUF_INIT {NULL, 0, 0}

/** Release the memory of a buffer the library filled and reset it to empty. Accepts NULL. */
SF_API void sf_buf_dispose(sf_buf *buf);

/** The library version, as SF_VERSION_NUMBER would say it at build time of the library. */
SF_API int sf_version(void);
/** The library version as a string, e.g. "0.1.0". Static storage. */
SF_API const char *sf_version_string(void);
/** A short English description of an SF_E* code. Static storage. */
SF_API const char *sf_strerror(int err);

/* ------------------------------------------------------------------------------------------ */
/* Documents                                                                                  */
/* ------------------------------------------------------------------------------------------ */

typedef struct sf_doc sf_doc;         /**< one parsed Dockerfile: source copy, tokens, AST, parse findings */
typedef struct sf_insn sf_insn;       /**< one instruction (borrowed from its sf_doc) */
typedef struct sf_finding sf_finding; /**< one finding (borrowed from its sf_doc or sf_result) */

/** Instruction kinds. SF_INSN_UNKNOWN is a word BuildKit does not know (an error at build). */
typedef enum {
    SF_INSN_UNKNOWN = 0,
    SF_INSN_ADD,
    SF_INSN_ARG,
    SF_INSN_CMD,
    SF_INSN_COPY,
    SF_INSN_ENTRYPOINT,
    SF_INSN_ENV,
    SF_INSN_EXPOSE,
    SF_INSN_FROM,
    SF_INSN_HEALTHCHECK,
    SF_INSN_LABEL,
    SF_INSN_MAINTAINER,
    SF_INSN_ONBUILD,
    SF_INSN_RUN,
    SF_INSN_SHELL,
    SF_INSN_STOPSIGNAL,
    SF_INSN_USER,
    SF_INSN_VOLUME,
    SF_INSN_WORKDIR
} sf_insn_kind;

/**
 * Parse a Dockerfile held in memory. The bytes are copied; `text` may be freed afterwards.
 * `name` is used in findings (may be NULL: "-"). Any input gives a document; problems in it
 * become findings (see sf_doc_finding_count).
 * @return SF_OK, SF_ENOMEM, SF_EINVAL (out or text NULL with len > 0), SF_ELIMIT (len > SF_MAX_INPUT).
 * The caller releases *out with sf_doc_free.
 */
SF_API int sf_doc_parse(sf_doc **out, const char *name, const char *text, size_t len);

/**
 * Read and parse a file. The only library function that does I/O.
 * @return as sf_doc_parse, plus SF_EIO when the file cannot be read (errno is kept).
 */
SF_API int sf_doc_parse_file(sf_doc **out, const char *path);

/** Release a document and everything borrowed from it. Accepts NULL. */
SF_API void sf_doc_free(sf_doc *doc);

/** Print the document back: byte-identical to the parsed input. Appends to `out`. */
SF_API int sf_doc_print(sf_buf *out, const sf_doc *doc);

/** The name given at parse time (borrowed). */
SF_API const char *sf_doc_name(const sf_doc *doc);
/** The source bytes (borrowed, NUL-terminated copy) and their length. */
SF_API const char *sf_doc_source(const sf_doc *doc, size_t *len);
/** The escape character in effect: '\\' or '`'. */
SF_API char sf_doc_escape(const sf_doc *doc);
/** Whether the document has at least one error-severity parse finding (syntax-error, ...). */
SF_API bool sf_doc_has_errors(const sf_doc *doc);

/** The position of a byte offset (clamped to the source length). */
SF_API sf_pos sf_doc_pos(const sf_doc *doc, uint32_t offset);

/** Number of top-level instructions (ONBUILD payloads are reached through sf_insn_child). */
SF_API size_t sf_doc_insn_count(const sf_doc *doc);
/** The i-th instruction (borrowed), or NULL when out of range. */
SF_API const sf_insn *sf_doc_insn(const sf_doc *doc, size_t i);

/** Findings made while parsing: syntax-error, invalid-utf8 (borrowed). */
SF_API size_t sf_doc_finding_count(const sf_doc *doc);
SF_API const sf_finding *sf_doc_finding(const sf_doc *doc, size_t i);

/** Write the AST as JSON (what `slimfile --dump-ast` prints). Appends to `out`. */
SF_API int sf_doc_dump_json(sf_buf *out, const sf_doc *doc);

/* ---- instructions ---- */

SF_API sf_insn_kind sf_insn_kind_of(const sf_insn *insn);
/** The canonical upper-case keyword ("RUN"), or the word as written for unknown ones (borrowed). */
SF_API const char *sf_insn_keyword(const sf_insn *insn);
/** The range of the whole instruction: keyword to the end of its last continuation or heredoc
 *  line, without the final line terminator. */
SF_API sf_range sf_insn_range(const sf_insn *insn);
/** 0-based index of the stage the instruction belongs to; -1 before the first FROM. */
SF_API int sf_insn_stage(const sf_insn *insn);
/** True for JSON (exec) form arguments of RUN/CMD/ENTRYPOINT/SHELL/COPY/ADD/VOLUME/HEALTHCHECK. */
SF_API bool sf_insn_is_exec_form(const sf_insn *insn);
/** The instruction wrapped by ONBUILD, or NULL. */
SF_API const sf_insn *sf_insn_child(const sf_insn *insn);

/** Leading `--name[=value]` flags. Names exclude the dashes; value after quote removal. */
SF_API size_t sf_insn_flag_count(const sf_insn *insn);
SF_API const char *sf_insn_flag_name(const sf_insn *insn, size_t i);
/** The flag's value, or NULL for a flag written without `=`. */
SF_API const char *sf_insn_flag_value(const sf_insn *insn, size_t i);
SF_API sf_range sf_insn_flag_range(const sf_insn *insn, size_t i);

/**
 * Arguments as BuildKit's parser splits them (see the parser conformance README): the whole
 * shell-form text as one argument for RUN/CMD/ENTRYPOINT, decoded strings for exec form,
 * whitespace-separated words for FROM/COPY/..., key/value pairs for ENV/LABEL (key, value
 * alternate), and so on. Strings are NUL-terminated (borrowed); `len` (may be NULL) receives
 * the length, which counts embedded NULs.
 */
SF_API size_t sf_insn_arg_count(const sf_insn *insn);
SF_API const char *sf_insn_arg(const sf_insn *insn, size_t i, size_t *len);
/** Source range of an argument (for a shell-form text spanning continuations: first to last byte). */
SF_API sf_range sf_insn_arg_range(const sf_insn *insn, size_t i);

/** Heredocs of RUN/COPY/ADD: delimiter name and body (bytes between the operator's line and
 *  the delimiter line, line terminators kept). */
SF_API size_t sf_insn_heredoc_count(const sf_insn *insn);
SF_API const char *sf_insn_heredoc_name(const sf_insn *insn, size_t i);
SF_API const char *sf_insn_heredoc_body(const sf_insn *insn, size_t i, size_t *len);

/* ------------------------------------------------------------------------------------------ */
/* Findings                                                                                   */
/* ------------------------------------------------------------------------------------------ */

/** How safe a fix is: SAFE keeps every stage's final filesystem except the rule's cache. */
typedef enum { SF_FIX_NONE = 0, SF_FIX_SAFE = 1, SF_FIX_UNSAFE = 2 } sf_fix_safety;

/** One text edit: replace source bytes [start, end) with `text`. */
typedef struct sf_edit {
    sf_range range;   /**< in the document the finding came from */
    const char *text; /**< replacement, NUL-terminated (borrowed) */
    size_t len;       /**< bytes of text */
} sf_edit;

/** The rule id, e.g. "apk-no-cache" (borrowed). */
SF_API const char *sf_finding_rule(const sf_finding *f);
SF_API sf_severity sf_finding_severity(const sf_finding *f);
/** One-line message (borrowed). */
SF_API const char *sf_finding_message(const sf_finding *f);
SF_API sf_range sf_finding_range(const sf_finding *f);
/** The rule's documentation URL (borrowed). */
SF_API const char *sf_finding_url(const sf_finding *f);
/** The fix's safety, SF_FIX_NONE when the finding carries no fix. */
SF_API sf_fix_safety sf_finding_fix_safety(const sf_finding *f);
/** A one-line title for the fix ("add --no-cache"), or NULL (borrowed). */
SF_API const char *sf_finding_fix_title(const sf_finding *f);
SF_API size_t sf_finding_edit_count(const sf_finding *f);
/** The i-th edit of the fix (borrowed), or NULL. Edits are sorted and do not overlap. */
SF_API const sf_edit *sf_finding_edit(const sf_finding *f, size_t i);

/** Names used in text and JSON: "error", "warning", "info", "style", "none". */
SF_API const char *sf_severity_name(sf_severity sev);
/** Parse a severity name. @return SF_OK or SF_EINVAL. */
SF_API int sf_severity_parse(sf_severity *out, const char *name);

/* ------------------------------------------------------------------------------------------ */
/* Rules                                                                                      */
/* ------------------------------------------------------------------------------------------ */

/** Number of rules known to the library (including the built-in parse rules). */
SF_API size_t sf_rule_count(void);
/** The i-th rule's id in registry order (sorted), or NULL. Static storage. */
SF_API const char *sf_rule_id(size_t i);
/** Default severity of a rule id. @return SF_OK or SF_ENOTFOUND. */
SF_API int sf_rule_info(const char *id, sf_severity *severity, const char **summary,
                        const char **doc, sf_fix_safety *fix);

/* ------------------------------------------------------------------------------------------ */
/* Linting                                                                                    */
/* ------------------------------------------------------------------------------------------ */

typedef struct sf_linter sf_linter; /**< rule selection and settings; immutable, thread-shareable */
typedef struct sf_result sf_result; /**< the findings of one lint run */

/** How cache fixes are written: delete the cache in the same RUN, or use a BuildKit cache mount. */
typedef enum { SF_CACHE_FIX_DELETE = 0, SF_CACHE_FIX_MOUNT = 1 } sf_cache_fix;

/** A rule severity override. */
typedef struct sf_severity_override {
    const char *rule;
    sf_severity severity;
} sf_severity_override;

#define SF_OPTIONS_VERSION 1
/** Linter options. Start from SF_OPTIONS_INIT; fields are only ever appended. */
typedef struct sf_options {
    unsigned version;                        /**< SF_OPTIONS_VERSION */
    const char *const *select;               /**< rule ids, NULL-terminated; NULL = every rule */
    const char *const *ignore;               /**< rule ids, NULL-terminated; NULL = none */
    const sf_severity_override *overrides;   /**< array of n_overrides */
    size_t n_overrides;
    sf_cache_fix cache_fix;                  /**< how cache fixes are written */
    const char *const *trusted_registries;   /**< reserved; NULL */
} sf_options;
#define SF_OPTIONS_INIT {SF_OPTIONS_VERSION, NULL, NULL, NULL, 0, SF_CACHE_FIX_DELETE, NULL}

/**
 * Create a linter. An unknown rule id in select/ignore/overrides gives SF_ENOTFOUND, *out NULL,
 * and `bad_id` (may be NULL) receives the offending id (borrowed from opts).
 * Release *out with sf_linter_free.
 */
SF_API int sf_linter_new(sf_linter **out, const sf_options *opts, const char **bad_id);
SF_API void sf_linter_free(sf_linter *linter);

/**
 * The build context the linter may look at. The library does no I/O: the caller lists the
 * context and gives the .dockerignore text. All pointers are borrowed for the call.
 */
typedef struct sf_context {
    bool has_dockerignore;          /**< a .dockerignore (or <Dockerfile>.dockerignore) exists */
    const char *dockerignore;       /**< its bytes */
    size_t dockerignore_len;
    const char *dockerignore_name;  /**< its path, for findings about it (NULL: ".dockerignore") */
    const char *const *paths;       /**< context entries relative to its root, '/'-separated,
                                         directories end with '/', sorted in strcmp order;
                                         NULL = context unknown */
    size_t n_paths;
    bool paths_truncated;           /**< the listing stopped early (huge context) */
} sf_context;

/**
 * Lint a document. `ctx` may be NULL (no context rules run). Parse findings of the document are
 * included in the result; suppression comments and the linter's selection apply.
 * Release *out with sf_result_free.
 */
SF_API int sf_lint(sf_result **out, const sf_linter *linter, const sf_doc *doc, const sf_context *ctx);
SF_API void sf_result_free(sf_result *res);
/** Findings, sorted by position then rule id (borrowed). */
SF_API size_t sf_result_count(const sf_result *res);
SF_API const sf_finding *sf_result_get(const sf_result *res, size_t i);
/** Findings about the .dockerignore file itself (dockerignore-syntax); positions refer to it. */
SF_API size_t sf_result_ignore_count(const sf_result *res);
SF_API const sf_finding *sf_result_ignore_get(const sf_result *res, size_t i);

/* ------------------------------------------------------------------------------------------ */
/* Fixing                                                                                     */
/* ------------------------------------------------------------------------------------------ */

/** Fix options. */
typedef struct sf_fix_options {
    bool unsafe;          /**< also apply SF_FIX_UNSAFE fixes */
    unsigned max_passes;  /**< 0 = default (8) */
} sf_fix_options;

/** What a fix run did. */
typedef struct sf_fix_report {
    size_t applied;     /**< fixes applied over all passes */
    size_t passes;      /**< passes run */
    bool converged;     /**< the last pass found nothing more to fix */
    bool changed;       /**< the output differs from the input */
} sf_fix_report;

/**
 * Apply fixes repeatedly (re-parse and re-lint after each pass) and append the fixed text to `out`.
 * Nothing is applied to a document with syntax errors (the text is copied unchanged).
 * `report` and `opts` may be NULL (NULL opts: safe fixes only, default passes). With unsafe
 * fixes, `ignore_out` (may be NULL) receives the complete new text of the .dockerignore when the
 * dockerignore-missing / dockerignore-entries fix applies; nothing is appended to it otherwise.
 */
SF_API int sf_fix(sf_buf *out, sf_fix_report *report, const sf_linter *linter, const sf_doc *doc,
                  const sf_context *ctx, const sf_fix_options *opts, sf_buf *ignore_out);

/* ------------------------------------------------------------------------------------------ */
/* Output                                                                                     */
/* ------------------------------------------------------------------------------------------ */

/** Output formats of sf_emit. */
typedef enum {
    SF_FORMAT_TEXT = 0,   /**< file:line:col: severity: message [rule-id] + summary line */
    SF_FORMAT_JSON,       /**< the public JSON array (1-based, end inclusive, code point columns) */
    SF_FORMAT_SARIF,      /**< SARIF 2.1.0 */
    SF_FORMAT_CHECKSTYLE, /**< Checkstyle XML */
    SF_FORMAT_GITHUB,     /**< GitHub Actions workflow commands (::warning file=...) */
    SF_FORMAT_GITLAB,     /**< GitLab Code Quality JSON */
    SF_FORMAT_LSP         /**< LSP Diagnostic[] (0-based lines, UTF-16 characters) */
} sf_format;

/** Parse a format name ("text", "json", "sarif", "checkstyle", "github", "gitlab",
 *  "lsp-diagnostics"). @return SF_OK or SF_EINVAL. */
SF_API int sf_format_parse(sf_format *out, const char *name);

/** One linted file for sf_emit. */
typedef struct sf_emit_file {
    const char *path;          /**< as shown to the user ("-" for standard input) */
    const sf_doc *doc;         /**< the parsed document */
    const sf_result *result;   /**< its findings (NULL: the document's parse findings only) */
    const char *ignore_path;   /**< path of the .dockerignore the ignore findings refer to, or NULL */
    const sf_doc *ignore_doc;  /**< the .dockerignore parsed as a document (for positions), or NULL */
} sf_emit_file;

/** Emit options. */
typedef struct sf_emit_options {
    bool color;                /**< ANSI colour (text format) */
    bool summary;              /**< summary line (text format) */
    sf_severity failure_level; /**< for the summary wording only */
    const char *tool_uri;      /**< SARIF tool.driver.informationUri; NULL for the default */
    const char *base_dir;      /**< absolute directory relative paths are resolved against for
                                    file URIs (LSP keys, SARIF originalUriBaseIds); NULL: none */
} sf_emit_options;

/** Render findings of several files in one format; appends to `out`. */
SF_API int sf_emit(sf_buf *out, sf_format fmt, const sf_emit_file *files, size_t nfiles,
                   const sf_emit_options *opts);

#ifdef __cplusplus
}
#endif

#endif /* SF_SLIMFILE_H */
