"""Per-bot worker metrics: counted by a core plugin, written as Prometheus textfiles.

Each worker process counts the tasks it started, finished (by decision) and failed (by
status) and how long its bots took; with ``[metrics] textfile_dir`` set it rewrites
``<dir>/veribot-<host>-<pid>.prom`` after every task (node_exporter's textfile collector reads
the folder). ``veribot metrics`` sums the files per bot. Labels are bot names, decisions and
statuses: no personal data.
"""

from robotlib.metrics.recorder import WorkerMetrics
from robotlib.metrics.summary import BotSummary, read_summaries

__all__ = ["BotSummary", "WorkerMetrics", "read_summaries"]
