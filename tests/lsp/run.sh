#!/usr/bin/env bash
# tests/lsp/run.sh - drive `slimfile lsp` with a real LSP client (npm: vscode-languageserver-protocol).
#   B=build bash tests/lsp/run.sh        (SLIMFILE=path overrides the binary)
# Installs the client's packages from package-lock.json when node_modules is missing.
# Last line: "lsp: N passed, N failed[, N skipped]".
set -u
cd "$(dirname "$0")" || exit 1
B=${B:-build}
export B
export SLIMFILE=${SLIMFILE:-$PWD/../../$B/slimfile}
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "SKIP-SUITE lsp: node and npm are needed for the LSP client test"
  echo "lsp: 0 passed, 0 failed, 1 skipped"
  exit 0
fi
if [ ! -d node_modules/vscode-languageserver-protocol ]; then
  echo "installing the LSP client packages (npm ci)"
  if ! npm ci --no-audit --no-fund --loglevel=error >npm.log 2>&1; then
    cat npm.log
    rm -f npm.log
    echo "FAIL npm ci: cannot install vscode-languageserver-protocol"
    echo "lsp: 0 passed, 1 failed"
    exit 1
  fi
  rm -f npm.log
fi
node client.test.mjs
