#!/usr/bin/env python3
"""Helpers for tests/e2e/run.sh (the buildah proof of slimfile --fix).

  e2e.py tree ROOT                 list a root filesystem, one line per path:
                                   path type mode uid gid sha256|-> target
  e2e.py layers OCIDIR             "count bytes" of an OCI layout's image: layer count and the
                                   sum of the layers' uncompressed tar sizes
  e2e.py diff A B [PREFIX...]      compare two tree listings; paths under a PREFIX may differ,
                                   and so may directories that are ancestors of a PREFIX when
                                   they exist on one side only. Exit 1 and print the differences.
  e2e.py unpack OCIDIR DEST        unpack an OCI image's layers (whiteouts applied) into DEST
  e2e.py simulate DOCKERFILE ROOT  run a single-stage Dockerfile's RUN/WORKDIR/ENV/SHELL steps with
                                   chroot into ROOT (for heredoc cases, which buildah 1.28 cannot
                                   build). Prints the number of RUN steps.
"""
import gzip
import hashlib
import json
import os
import re
import shlex
import stat
import subprocess
import sys
import tarfile

# Entries a RUN step leaves behind in buildah whatever it does (mount points, generated files).
SKIP = ('/dev', '/proc', '/sys', '/run', '/etc/hosts', '/etc/resolv.conf', '/etc/hostname')


def skipped(rel):
    return any(rel == s or rel.startswith(s + '/') for s in SKIP)


def tree(root):
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(dirnames + filenames):
            full = os.path.join(dirpath, name)
            rel = '/' + os.path.relpath(full, root)
            if skipped(rel):
                continue
            st = os.lstat(full)
            mode = '%04o' % stat.S_IMODE(st.st_mode)
            if stat.S_ISLNK(st.st_mode):
                kind, extra = 'l', '-> ' + os.readlink(full)
            elif stat.S_ISREG(st.st_mode):
                h = hashlib.sha256()
                with open(full, 'rb') as f:
                    for chunk in iter(lambda: f.read(1 << 20), b''):
                        h.update(chunk)
                kind, extra = 'f', h.hexdigest()
            elif stat.S_ISDIR(st.st_mode):
                kind, extra = 'd', ''
            else:
                kind, extra = 'o', '%x' % st.st_rdev
            out.append('%s %s %s %d %d %s' % (rel, kind, mode, st.st_uid, st.st_gid, extra))
    return out


def manifest(ocidir):
    with open(os.path.join(ocidir, 'index.json')) as f:
        idx = json.load(f)
    digest = idx['manifests'][0]['digest'].split(':', 1)[1]
    with open(os.path.join(ocidir, 'blobs', 'sha256', digest)) as f:
        return json.load(f)


def blob(ocidir, layer):
    return os.path.join(ocidir, 'blobs', 'sha256', layer['digest'].split(':', 1)[1])


def open_layer(ocidir, layer):
    path = blob(ocidir, layer)
    with open(path, 'rb') as f:
        magic = f.read(2)
    return gzip.open(path, 'rb') if magic == b'\x1f\x8b' else open(path, 'rb')


def layers(ocidir):
    man = manifest(ocidir)
    total = 0
    for layer in man['layers']:
        with open_layer(ocidir, layer) as f:
            while True:
                chunk = f.read(1 << 20)
                if not chunk:
                    break
                total += len(chunk)
    return len(man['layers']), total


def parse_tree(path):
    entries = {}
    with open(path) as f:
        for line in f:
            line = line.rstrip('\n')
            if not line:
                continue
            p, rest = line.split(' ', 1)
            entries[p] = rest
    return entries


def under(p, prefix):
    prefix = prefix.rstrip('/') or '/'
    return p == prefix or p.startswith(prefix + '/') or prefix == '/'


def diff(a, b, prefixes):
    ta, tb = parse_tree(a), parse_tree(b)
    bad = []
    for p in sorted(set(ta) | set(tb)):
        va, vb = ta.get(p), tb.get(p)
        if va == vb:
            continue
        if any(under(p, x) for x in prefixes):
            continue
        one_sided_dir = (va is None or vb is None) and (va or vb).split(' ')[0] == 'd'
        if one_sided_dir and any(under(x.rstrip('/'), p) and x.rstrip('/') != p for x in prefixes):
            continue  # e.g. /root/.cache created only because the cache /root/.cache/pip was
        bad.append('%s\n  original: %s\n  fixed:    %s' % (p, va or '(absent)', vb or '(absent)'))
    return bad


def unpack(ocidir, dest):
    """Apply the image's layers in order, honouring OCI whiteouts."""
    os.makedirs(dest, exist_ok=True)
    for layer in manifest(ocidir)['layers']:
        with open_layer(ocidir, layer) as f, tarfile.open(fileobj=f, mode='r|') as tar:
            for m in tar:
                name = m.name.lstrip('./')
                if not name:
                    continue
                base = os.path.basename(name)
                parent = os.path.join(dest, os.path.dirname(name))
                if base == '.wh..wh..opq':
                    for e in os.listdir(parent):
                        subprocess.run(['rm', '-rf', os.path.join(parent, e)], check=True)
                    continue
                if base.startswith('.wh.'):
                    subprocess.run(['rm', '-rf', os.path.join(parent, base[4:])], check=True)
                    continue
                target = os.path.join(dest, name)
                if os.path.lexists(target) and not (m.isdir() and os.path.isdir(target)):
                    subprocess.run(['rm', '-rf', target], check=True)
                tar.extract(m, dest, set_attrs=True, numeric_owner=True)
                if m.isdir():
                    os.chmod(target, m.mode)


# ---------------------------------------------------------------- heredoc simulation
HEREDOC = re.compile(r'<<(-?)(["\']?)([A-Za-z_][A-Za-z0-9_]*)\2')


def logical_lines(text):
    """Split a Dockerfile (backslash escape only) into instructions: (keyword, rest, heredocs)."""
    lines = text.replace('\r\n', '\n').split('\n')
    i, out = 0, []
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line.strip() or line.lstrip().startswith('#'):
            continue
        buf = line
        while buf.endswith('\\') and i < len(lines):
            nxt = lines[i]
            i += 1
            if nxt.lstrip().startswith('#'):
                continue
            buf = buf[:-1] + nxt
        kw, _, rest = buf.strip().partition(' ')
        bodies = []
        if kw.upper() in ('RUN', 'COPY'):
            for m in HEREDOC.finditer(rest):
                strip_tabs, delim = m.group(1) == '-', m.group(3)
                body = []
                while i < len(lines):
                    ln = lines[i]
                    i += 1
                    if (ln.lstrip('\t') if strip_tabs else ln) == delim:
                        break
                    body.append(ln.lstrip('\t') if strip_tabs else ln)
                bodies.append((m.group(0), delim, '\n'.join(body) + '\n'))
        out.append((kw.upper(), rest.strip(), bodies))
    return out


def simulate(dockerfile, root):
    with open(dockerfile, encoding='utf-8') as f:
        text = f.read()
    env = {'PATH': '/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin', 'HOME': '/root'}
    shell = ['/bin/sh', '-c']
    cwd = '/'
    runs = 0
    for kw, rest, bodies in logical_lines(text):
        if kw == 'FROM':
            continue
        if kw == 'WORKDIR':
            cwd = os.path.normpath(os.path.join(cwd, rest))
            os.makedirs(root + cwd, exist_ok=True)
        elif kw == 'ENV':
            for word in shlex.split(rest):
                k, _, v = word.partition('=')
                env[k] = v
        elif kw == 'SHELL':
            shell = json.loads(rest)
        elif kw == 'RUN':
            runs += 1
            if rest.startswith('['):
                argv = json.loads(rest)
            elif bodies and rest == bodies[0][0] and len(bodies) == 1:
                argv = shell + [bodies[0][2]]          # RUN <<EOT: the body is the script
            else:
                script = rest
                for _, delim, body in bodies:
                    script += '\n' + body + delim
                argv = shell + [script]
            r = subprocess.run(['chroot', root, '/bin/sh', '-c', 'cd "$1" && shift && exec "$@"',
                                'sh', cwd] + argv, env=env)
            if r.returncode != 0:
                sys.stderr.write('simulate: RUN step %d failed with status %d\n' % (runs, r.returncode))
                return 3
        elif kw in ('LABEL', 'CMD', 'ENTRYPOINT', 'EXPOSE', 'USER', 'ARG'):
            if kw in ('USER', 'ARG'):
                sys.stderr.write('simulate: %s is not supported\n' % kw)
                return 2
        else:
            sys.stderr.write('simulate: %s is not supported\n' % kw)
            return 2
    print(runs)
    return 0


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    cmd = argv[1]
    if cmd == 'tree':
        sys.stdout.write(''.join(line + '\n' for line in tree(argv[2])))
        return 0
    if cmd == 'layers':
        n, total = layers(argv[2])
        print(n, total)
        return 0
    if cmd == 'diff':
        bad = diff(argv[2], argv[3], argv[4:])
        for b in bad:
            print(b)
        return 1 if bad else 0
    if cmd == 'unpack':
        unpack(argv[2], argv[3])
        return 0
    if cmd == 'simulate':
        return simulate(argv[2], argv[3])
    sys.stderr.write('unknown command %s\n' % cmd)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
