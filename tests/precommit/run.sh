#!/usr/bin/env bash
# tests/precommit/run.sh - the hooks of .pre-commit-hooks.yaml, run by the real pre-commit.
#
# A throwaway hook repository is cloned from this checkout, with the working tree's
# .pre-commit-hooks.yaml committed on top (pre-commit only ever reads committed files, and the
# manifest may not be committed yet). A throwaway project repository then uses it two ways:
# `pre-commit try-repo` and a .pre-commit-config.yaml whose `repo:` is the hook repository's path.
# The built slimfile is put first on PATH, as `language: system` expects.
#   B=build bash tests/precommit/run.sh        last line: "precommit: N passed, N failed"
set -u
cd "$(dirname "$0")/../.." || exit 1
ROOT=$PWD
B=${B:-build}
SLIMFILE=${SLIMFILE:-$ROOT/$B/slimfile}
case $SLIMFILE in /*) ;; *) SLIMFILE=$ROOT/$SLIMFILE ;; esac
pass=0 fail=0

ok() { echo "PASS $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); [ -n "${2:-}" ] && sed 's/^/    | /' "$2" | head -n 25; }
skip_suite() { echo "SKIP-SUITE precommit: $1"; echo "precommit: 0 passed, 0 failed, 1 skipped"; exit 0; }

# pre-commit and git are test-only tools: install them when we can, else skip.
if ! command -v pre-commit >/dev/null 2>&1 || ! command -v git >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pre-commit git >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null 2>&1 &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pre-commit git >/dev/null 2>&1; }
  fi
  command -v pre-commit >/dev/null 2>&1 && command -v git >/dev/null 2>&1 ||
    skip_suite "pre-commit or git is not installed and could not be installed (apt-get install pre-commit git)"
fi
if [ ! -x "$SLIMFILE" ]; then
  echo "FAIL slimfile not built: $SLIMFILE (run make first)"
  echo "precommit: 0 passed, 1 failed"
  exit 1
fi
echo "using $(pre-commit --version), $("$SLIMFILE" --version)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin" "$tmp/home"
ln -s "$SLIMFILE" "$tmp/bin/slimfile"
export PATH="$tmp/bin:$PATH"
# Keep pre-commit's cache and git's identity out of the real home directory.
export HOME="$tmp/home" PRE_COMMIT_HOME="$tmp/cache" PRE_COMMIT_COLOR=never NO_COLOR=1
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.invalid
export GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.invalid

# ---- the hook repository: this checkout plus the working tree's manifest
hooks="$tmp/hookrepo"
if ! git clone -q --no-hardlinks "$ROOT" "$hooks" 2>/dev/null; then
  rm -rf "$hooks"
  git init -q "$hooks"
fi
cp "$ROOT/.pre-commit-hooks.yaml" "$hooks/.pre-commit-hooks.yaml"
git -C "$hooks" add .pre-commit-hooks.yaml
git -C "$hooks" commit -q --allow-empty -m "hooks under test"
rev=$(git -C "$hooks" rev-parse HEAD)

# ---- the project repository
proj="$tmp/proj"
git init -q "$proj"
cd "$proj" || exit 1
mkdir -p bad good fixme sub notes
printf 'FROM alpine:3.19\nRUN apk add curl\n' >bad/Dockerfile
printf 'FROM alpine:3.19\nRUN apk add --no-cache curl\n' >good/Dockerfile
printf 'FROM alpine:3.19\nRUN apk add curl\n' >fixme/Dockerfile
printf 'FROM alpine:3.19\nRUN apk add curl\n' >sub/app.Dockerfile
printf 'FROM alpine:3.19\nRUN apk add curl\n' >Containerfile.prod
# not Dockerfile names: a .dockerignore named after its Dockerfile, a name that only ends in
# "Dockerfile", other files
printf 'FROM alpine:3.19\nRUN apk add curl\n' >notes/Dockerfile.dockerignore
printf 'FROM alpine:3.19\nRUN apk add curl\n' >notes/MyDockerfile
printf 'FROM alpine:3.19\nRUN apk add curl\n' >notes/README.md
git add -A
git commit -q -m fixtures

out="$tmp/out"
run() { # expected-status description command...
  local want=$1 what=$2 st
  shift 2
  "$@" >"$out" 2>&1; st=$?
  if [ "$st" = "$want" ]; then return 0; fi
  echo "  ($what: exit status $st, expected $want)" >>"$out"
  return 1
}

# Preconditions: what slimfile itself says about the fixtures (the hooks must agree).
if run 1 "slimfile bad" slimfile bad/Dockerfile && grep -q 'apk-no-cache' "$out" &&
   run 0 "slimfile good" slimfile good/Dockerfile; then
  ok "slimfile flags bad/Dockerfile and passes good/Dockerfile"
else
  bad "slimfile flags bad/Dockerfile and passes good/Dockerfile" "$out"
fi

# 1. try-repo, lint hook, bad file: fails and shows the finding
if run 1 "try-repo slimfile bad" pre-commit try-repo "$hooks" slimfile --ref "$rev" --files bad/Dockerfile --verbose &&
   grep -q 'Failed' "$out" && grep -q 'bad/Dockerfile:2:.*apk-no-cache' "$out"; then
  ok "lint hook fails on RUN apk add curl"
else
  bad "lint hook fails on RUN apk add curl" "$out"
fi

# 2. try-repo, lint hook, good file: passes
if run 0 "try-repo slimfile good" pre-commit try-repo "$hooks" slimfile --ref "$rev" --files good/Dockerfile &&
   grep -q 'Passed' "$out"; then
  ok "lint hook passes on RUN apk add --no-cache curl"
else
  bad "lint hook passes on RUN apk add --no-cache curl" "$out"
fi

# 3. the files regex, end to end: every Dockerfile name is linted, nothing else
if run 1 "try-repo --all-files" pre-commit try-repo "$hooks" slimfile --ref "$rev" --all-files --verbose &&
   grep -q '^sub/app.Dockerfile:2:' "$out" && grep -q '^Containerfile.prod:2:' "$out" &&
   grep -q '^bad/Dockerfile:2:' "$out" && ! grep -q '^notes/' "$out" && ! grep -q '^good/' "$out"; then
  ok "lint hook picks Dockerfile, *.Dockerfile, Containerfile.*; skips *.dockerignore and others"
else
  bad "lint hook picks Dockerfile, *.Dockerfile, Containerfile.*; skips *.dockerignore and others" "$out"
fi

# 4. try-repo, fix hook: rewrites the file and pre-commit reports the modification
before=$(cat fixme/Dockerfile)
if run 1 "try-repo slimfile-fix" pre-commit try-repo "$hooks" slimfile-fix --ref "$rev" --files fixme/Dockerfile &&
   grep -q 'files were modified by this hook' "$out" &&
   grep -q -- '--no-cache' fixme/Dockerfile && [ "$(cat fixme/Dockerfile)" != "$before" ] &&
   run 0 "slimfile fixed file" slimfile fixme/Dockerfile; then
  ok "fix hook rewrites RUN apk add curl and reports the modification"
else
  bad "fix hook rewrites RUN apk add curl and reports the modification" "$out"
fi

# 5. fix hook on a clean file: passes and changes nothing
sum=$(cksum <good/Dockerfile)
if run 0 "try-repo slimfile-fix good" pre-commit try-repo "$hooks" slimfile-fix --ref "$rev" --files good/Dockerfile &&
   [ "$(cksum <good/Dockerfile)" = "$sum" ]; then
  ok "fix hook leaves a clean file alone"
else
  bad "fix hook leaves a clean file alone" "$out"
fi

# 6. the installed way: .pre-commit-config.yaml with repo: <path> and rev:, then pre-commit run
git checkout -q -- fixme/Dockerfile
cat >.pre-commit-config.yaml <<EOF
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: slimfile
EOF
git add .pre-commit-config.yaml
if run 1 "pre-commit run bad" pre-commit run slimfile --files bad/Dockerfile --verbose &&
   grep -q 'bad/Dockerfile:2:.*apk-no-cache' "$out" &&
   run 0 "pre-commit run good" pre-commit run slimfile --files good/Dockerfile; then
  ok "repo: <path> config: fails on the bad file, passes on the good one"
else
  bad "repo: <path> config: fails on the bad file, passes on the good one" "$out"
fi

# 7. as a git hook: `pre-commit install`, then a commit of a bad Dockerfile is refused
if run 0 "pre-commit install" pre-commit install; then
  printf 'FROM alpine:3.19\nRUN apk add py3-pip\n' >bad/Dockerfile
  git add bad/Dockerfile
  if run 1 "git commit" git commit -q -m "bad change" && grep -q 'apk-no-cache' "$out" &&
     [ -n "$(git diff --cached --name-only)" ]; then
    ok "pre-commit install: committing a bad Dockerfile is refused"
  else
    bad "pre-commit install: committing a bad Dockerfile is refused" "$out"
  fi
else
  bad "pre-commit install" "$out"
fi

echo "precommit: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
