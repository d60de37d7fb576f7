/* lsp.h - `slimfile lsp`: a Language Server Protocol server on stdio. */
#ifndef SF_CLI_LSP_H
#define SF_CLI_LSP_H

/* Run the server until `exit`; returns the process exit status (0 after shutdown, 1 without). */
int cli_lsp_main(int argc, char **argv);

#endif /* SF_CLI_LSP_H */
