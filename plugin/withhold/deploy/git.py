"""Reading a git repository's objects without a checkout: every reachable blob once, streamed.

Only git's plumbing is used (rev-list, cat-file, for-each-ref, ls-tree, log), and every output is
read as a stream, so memory holds one blob and the list of blob ids, whatever the history's size.
git's own error messages can quote paths: they are never passed on, only which command failed.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, NamedTuple

from withhold.errors import ConfigError

GIT = ("git", "-c", "core.quotePath=false")


class Blob(NamedTuple):
    oid: str
    path: str  # a path it is reachable at (rev-list's first): real, never render
    size: int


def _run(repo: Path, *args: str) -> bytes:
    try:
        done = subprocess.run([*GIT, "-C", str(repo), *args], capture_output=True, check=False)
    except OSError:
        raise ConfigError("git is not installed or cannot run; withhold history reads the repository with git") from None
    if done.returncode != 0:
        raise ConfigError(f"`git {args[0]}` failed in {repo} (exit {done.returncode})")
    return done.stdout


def check_repository(repo: Path, since: str | None) -> None:
    """Raise ConfigError unless repo is a git repository (and since, when given, names a commit in it)."""
    if not repo.is_dir():
        raise ConfigError(f"{repo} is not a folder; pass a git repository (its work tree or a bare .git)")
    try:
        _run(repo, "rev-parse", "--git-dir")
    except ConfigError:
        raise ConfigError(f"{repo} is not a git repository") from None
    if since is not None:
        try:
            _run(repo, "rev-parse", "--verify", "--quiet", f"{since}^{{commit}}")
        except ConfigError:
            raise ConfigError(f"--since {since!r} names no commit in {repo}") from None


def blobs(repo: Path, since: str | None = None) -> list[Blob]:
    """Return every blob reachable from any ref (and not from since), each once, in rev-list order."""
    limit = ["--not", since] if since else []
    try:
        walk = subprocess.Popen([*GIT, "-C", str(repo), "rev-list", "--objects", "--all", *limit],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert walk.stdout is not None
        check = subprocess.Popen(
            [*GIT, "-C", str(repo), "cat-file", "--batch-check=%(objecttype) %(objectname) %(objectsize) %(rest)"],
            stdin=walk.stdout, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except OSError:
        raise ConfigError("git is not installed or cannot run; withhold history reads the repository with git") from None
    walk.stdout.close()
    assert check.stdout is not None
    found = []
    for line in check.stdout:
        kind, oid, size, path = (line.rstrip(b"\n").split(b" ", 3) + [b""])[:4]
        if kind == b"blob":
            found.append(Blob(oid.decode(), path.decode("utf-8", "surrogateescape"), int(size)))
        elif kind not in (b"commit", b"tree", b"tag"):
            raise ConfigError(f"git reported an object it cannot read ({kind.decode(errors='replace')}); "
                              "the history cannot be examined whole")
    if check.wait() != 0 or walk.wait() != 0:
        raise ConfigError(f"`git rev-list --objects --all` failed in {repo}: an object is missing (a shallow or "
                          "partial clone?). The history cannot be examined whole: run it on a full clone "
                          "(`git fetch --unshallow`, or clone without --filter)")
    return found


def contents(repo: Path, wanted: Sequence[Blob]) -> Iterator[tuple[Blob, bytes]]:
    """Yield each wanted blob with its content, one at a time, from one `git cat-file --batch`."""
    proc = subprocess.Popen([*GIT, "-C", str(repo), "cat-file", "--batch"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdin is not None and proc.stdout is not None
    feeder = threading.Thread(target=_feed, args=(proc.stdin, (b.oid for b in wanted)), daemon=True)
    feeder.start()
    try:
        for blob in wanted:
            header = proc.stdout.readline().split()
            if len(header) != 3 or header[0].decode() != blob.oid or header[1] != b"blob":
                raise ConfigError(f"`git cat-file` could not read blob {blob.oid[:12]}; the history cannot be examined whole")
            data = _read_exactly(proc.stdout, int(header[2]))
            proc.stdout.read(1)  # the newline after each object
            yield blob, data
    finally:
        proc.stdout.close()
        proc.kill()
        proc.wait()
        feeder.join(timeout=5)


def _feed(stdin: IO[bytes], oids: Iterable[str]) -> None:
    try:
        for oid in oids:
            stdin.write(oid.encode() + b"\n")
        stdin.close()
    except (BrokenPipeError, ValueError, OSError):  # the reader stopped early: nothing more to send
        pass


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise ConfigError("`git cat-file` ended early; the history cannot be examined whole")
    return data


def tips(repo: Path) -> dict[str, list[str]]:
    """Return, for each blob in a branch tip, the branches (short names, real) whose tip holds it."""
    held: dict[str, list[str]] = {}
    for ref in _run(repo, "for-each-ref", "--format=%(refname:short)", "refs/heads").decode(
            "utf-8", "surrogateescape").splitlines():
        for record in _run(repo, "ls-tree", "-r", "-z", "--full-tree", f"refs/heads/{ref}").split(b"\0"):
            meta = record.split(b"\t", 1)[0].split()
            if len(meta) == 3 and meta[1] == b"blob":
                held.setdefault(meta[2].decode(), []).append(ref)
    return held


def introductions(repo: Path, oids: set[str], since: str | None = None) -> dict[str, list[tuple[str, str]]]:
    """Return, for each of oids, the (commit, path) pairs where a commit's change writes that blob.

    One pass of `git log --raw` over every ref; a blob that only a merge brought in is looked up
    again with merges' diffs shown.
    """
    found = _log(repo, oids, since, [])
    missing = oids - set(found)
    if missing:
        for oid, places in _log(repo, missing, since, ["-m"]).items():
            found[oid] = places
    return found


def _log(repo: Path, oids: set[str], since: str | None, more: list[str]) -> dict[str, list[tuple[str, str]]]:
    limit = ["--not", since] if since else []
    proc = subprocess.Popen([*GIT, "-C", str(repo), "log", "--all", *more, "--raw", "--no-renames", "--no-abbrev",
                             "--format=commit %H", *limit], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    found: dict[str, list[tuple[str, str]]] = {}
    commit = ""
    for raw in proc.stdout:  # streamed: the log of a long history is never held whole
        line = raw.decode("utf-8", "surrogateescape").rstrip("\n")
        if line.startswith("commit "):
            commit = line[7:]
        elif line.startswith(":"):
            meta, _, path = line.partition("\t")
            new = meta.split()[3]
            if new in oids and (commit, path) not in found.get(new, []):
                found.setdefault(new, []).append((commit, path))
    if proc.wait() != 0:
        raise ConfigError(f"`git log` failed in {repo}; the commits of a finding cannot be named")
    return found
