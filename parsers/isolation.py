"""Run heavy parsing where its limits can be enforced: in a worker process
with a memory limit (``RLIMIT_DATA``) that is killed when it runs past the
time limit, so one document can never take a crawl or a batch with it.

    from parsers import isolation
    result = isolation.run(function, arg1, arg2)   # or LimitExceeded / ReadError

``function`` must be importable (a module-level function), its arguments
and result picklable. A worker is a fresh Python interpreter started with
the parsers imported (not a fork: forking a threaded caller such as Scrapy
is unsafe, and multiprocessing's spawn would re-run the caller's main
script), taking jobs over a pipe and reused across documents; at most one
per core runs at a time, other callers wait. A worker that ran out of
memory, crashed or was killed is replaced. ``worker_cpu_seconds()`` tells
benchmarks the CPU time workers spent on this process's jobs.
"""

from __future__ import annotations

import logging
import os
import resource
import signal
import subprocess
import sys
import threading
import time
import warnings
from multiprocessing.connection import Connection
from pathlib import Path

from . import limits as limits_module
from .limits import LimitExceeded, Limits
from .model import ReadError

# Seconds a new worker may take to start (import the parsers) on a loaded machine.
STARTUP_SECONDS = 120
# A worker is replaced after this many jobs, so that fragmentation cannot build up.
JOBS_PER_WORKER = 200
# Data memory is the limit rather than address space: onnxruntime reserves
# over 1 GB of address space for a one-page OCR that uses 500 MB.
_RLIMIT = resource.RLIMIT_DATA
_ROOT = str(Path(__file__).resolve().parents[1])   # the folder that holds the parsers package
_START = "import sys; from parsers.isolation import serve; serve(int(sys.argv[1]), int(sys.argv[2]))"


class _Worker:
    """One worker process and the pipes it takes jobs on and answers by."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        job_r, job_w = os.pipe()
        reply_r, reply_w = os.pipe()
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [_ROOT, os.environ.get("PYTHONPATH")])))
        for field, value in vars(limits).items():
            env[limits_module.env_name(field)] = str(value)
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", _START, str(job_r), str(reply_w)], pass_fds=(job_r, reply_w),
                stdin=subprocess.DEVNULL, env=env, start_new_session=True)
        finally:
            os.close(job_r)
            os.close(reply_w)
        self.jobs = Connection(job_w, readable=False)
        self.replies = Connection(reply_r, writable=False)
        self.count = 0
        self.ready = False
        self.retiring = False   # it ran out of memory and ends after its reply

    def call(self, function, args):
        """(kind, value, cpu seconds) of one job; kind is ``ok``, ``error``
        (value: a ReadError) or ``memory``. Raises TimeoutError or EOFError
        (the worker died) after killing the worker."""
        self.count += 1
        try:
            if not self.ready:   # the job's clock starts once the worker has imported the parsers
                if not self.replies.poll(STARTUP_SECONDS):
                    raise EOFError("the parser process did not start")
                self.ready = self.replies.recv() == ("ready",)
            self.jobs.send((function, args))
            if not self.replies.poll(self.limits.seconds):
                raise TimeoutError
            reply = self.replies.recv()
            self.retiring = reply[0] == "memory"
            return reply
        except BaseException:
            self.close()
            raise

    def usable(self, limits: Limits) -> bool:
        return (self.limits == limits and self.count < JOBS_PER_WORKER and not self.retiring
                and self.process.poll() is None)

    def exit_status(self) -> int | None:
        return self.process.returncode

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait()
        self.jobs.close()
        self.replies.close()


def serve(job_fd: int, reply_fd: int) -> None:
    """The worker's loop: hold the limits (from its environment), run jobs
    until the job pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the caller's to handle
    logging.disable(logging.WARNING)   # pdfminer's and Pillow's notes on damaged files:
    warnings.simplefilter("ignore")    # the report says what matters
    limits = limits_module.current()
    memory = limits.memory_mb * 1024 * 1024
    resource.setrlimit(_RLIMIT, (memory, resource.getrlimit(_RLIMIT)[1]))
    import parsers.parse  # noqa: F401  (warm: every job needs the readers)

    jobs, replies = Connection(job_fd, writable=False), Connection(reply_fd, readable=False)
    replies.send(("ready",))
    while True:
        start = time.process_time()   # receiving the job is part of its cost; waiting takes no CPU
        try:
            function, args = jobs.recv()
        except (EOFError, OSError):
            return
        # a backstop for a worker whose caller is gone (killed): the kernel ends it
        # after twice the time limit in CPU seconds, counted from now
        cpu_cap = int(time.process_time() + 2 * limits.seconds) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_cap, resource.getrlimit(resource.RLIMIT_CPU)[1]))
        try:
            reply = ("ok", function(*args))
        except MemoryError:
            reply = ("memory", None)
        except ReadError as exc:
            reply = ("error", ReadError(str(exc)))
        except Exception as exc:  # a bug in a reader: say what it was, keep the worker
            reply = ("error", ReadError(f"the parser failed ({type(exc).__name__}: {exc})"))
        try:
            replies.send(reply + (time.process_time() - start,))
        except MemoryError:
            reply = ("memory", None)
            replies.send(reply + (time.process_time() - start,))
        if reply[0] == "memory":
            return   # a process that ran out of memory is not trusted with another job


class _Pool:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.idle: list[_Worker] = []
        self.slots = threading.BoundedSemaphore(max(os.cpu_count() or 1, 1))
        self.cpu_seconds = 0.0

    def acquire(self, limits: Limits) -> _Worker:
        self.slots.acquire()
        try:
            with self.lock:
                while self.idle:
                    worker = self.idle.pop()
                    if worker.usable(limits):
                        return worker
                    worker.close()
            return _Worker(limits)
        except BaseException:
            self.slots.release()
            raise

    def release(self, worker: _Worker | None) -> None:
        if worker is not None:
            with self.lock:
                self.idle.append(worker)
        self.slots.release()

    def shutdown(self) -> None:
        with self.lock:
            workers, self.idle = self.idle, []
        for worker in workers:
            worker.close()


_pool = _Pool()


def run(function, *args, limits: Limits | None = None):
    """``function(*args)`` in a worker held to ``limits`` (default: the
    current ones). A ReadError raised there is raised here; a worker past
    the time or memory limit is a LimitExceeded naming it; a worker that
    crashed is a ReadError saying so."""
    limits = limits or limits_module.current()
    worker = _pool.acquire(limits)
    try:
        kind, value, cpu = worker.call(function, args)
    except TimeoutError:
        worker = None
        raise LimitExceeded("parsing the document took too long", "seconds", limits.seconds) from None
    except (EOFError, OSError):
        code = worker.exit_status()
        worker = None
        how = f"was killed by signal {-code}" if code and code < 0 else f"exited with status {code}"
        raise ReadError(f"the parser process {how} while reading the document") from None
    finally:
        if worker is not None and not worker.usable(limits):
            worker.close()   # it ran out of memory and is exiting, or has done its share of jobs
            worker = None
        _pool.release(worker)
    with _pool.lock:
        _pool.cpu_seconds += cpu
    if kind == "memory":
        raise LimitExceeded("reading the document needed too much memory", "memory_mb", limits.memory_mb)
    if kind == "error":
        raise value
    return value


def worker_cpu_seconds() -> float:
    """CPU seconds workers have spent on jobs of this process (for benchmarks)."""
    return _pool.cpu_seconds


def shutdown() -> None:
    """Stop the idle workers (they also end with this process)."""
    _pool.shutdown()
