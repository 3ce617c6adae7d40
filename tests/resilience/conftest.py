"""
Fault tests (``pytest -m resilience``, ``make resilience``): the processes of the
production set-up on loopback, with faults made on purpose. The session starts a private
PostgreSQL cluster and a private Redis on free ports (never the machine's own), prepares
one database, and removes it all at the end. The figures each test measures are printed in
the terminal summary.
"""

import shutil

import pytest

from .stack import ObjectStore, Postgres, Redis, Stack, start_web, start_worker

FIGURES = []


@pytest.fixture
def figures(request):
    """``figures("what", value)`` records a measurement for the summary."""

    def record(name, value):
        FIGURES.append((request.node.name, name, value))

    return record


def pytest_terminal_summary(terminalreporter):
    if not FIGURES:
        return
    terminalreporter.section("resilience figures")
    test = None
    for name, what, value in FIGURES:
        if name != test:
            terminalreporter.write_line(name)
            test = name
        terminalreporter.write_line(f"    {what}: {value}")


@pytest.fixture(scope="session")
def stack():
    postgres, redis = Postgres().init(), Redis()
    stack = Stack(postgres, redis, "vawg_resilience")
    try:
        postgres.start()
        postgres.create_database(stack.database)
        redis.start()
        stack.prepare()
        yield stack
    finally:
        redis.stop()
        postgres.destroy()
        shutil.rmtree(stack.folder, ignore_errors=True)


@pytest.fixture
def services(stack):
    """Start what a test asks for; stop it afterwards, and bring the servers back up."""
    started = []

    def start(kind, **kwargs):
        make = {"web": start_web, "worker": start_worker, "s3": ObjectStore}[kind]
        process = make(stack, **kwargs)
        started.append(process)
        return process

    yield start
    for process in started:
        process.stop()
    if stack.redis.process.poll() is not None:
        stack.redis.start()
    if not stack.postgres.is_up():
        stack.postgres.start()
