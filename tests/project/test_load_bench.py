"""bench/load/run.py's arithmetic: how it tells a worker's memory is bounded (issue 20)."""

import importlib.util
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parents[2] / "bench" / "load" / "run.py"
_spec = importlib.util.spec_from_file_location("bench_load_run", RUN)
run = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(run)


def test_memory_that_stays_put_has_no_trend():
    # A child replaced after its limit: up and down, no growth.
    samples = [400, 520, 400, 520, 400, 520, 400, 520, 400]
    assert run.trend_mb_per_minute(samples) == pytest.approx(0, abs=1)


def test_memory_that_grows_a_megabyte_a_sample_grows_four_a_minute():
    # Sampled every 15 seconds: four samples a minute.
    assert run.trend_mb_per_minute([400 + n for n in range(40)]) == pytest.approx(4.0)


def test_one_sample_has_no_trend():
    assert run.trend_mb_per_minute([420]) == 0.0


def test_files_under_lists_files_not_folders(tmp_path):
    (tmp_path / "var" / "media").mkdir(parents=True)
    (tmp_path / "var" / "reports").mkdir()
    assert run.files_under(tmp_path) == []
    (tmp_path / "var" / "reports" / "1.pdf").write_bytes(b"%PDF")
    assert run.files_under(tmp_path) == ["var/reports/1.pdf"]
