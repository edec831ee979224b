"""`bitext serve --workers N`: the app under gunicorn, one app per worker process."""

from __future__ import annotations

from gunicorn.app.base import BaseApplication

from webapp import create_app, jobs

# One request at a time per process: requests are CPU-bound Python, which threads cannot run in parallel,
# and threads handing the GIL to each other around every database round trip doubled the p95 of ten
# concurrent saves (65 ms against 40 ms). A large export streams for seconds, longer to a slow client
# with no buffering proxy in front: hence the timeout.
WORKER_SETTINGS = {"worker_class": "sync", "timeout": 300}


class _Server(BaseApplication):
    def __init__(self, bind: str, workers: int) -> None:
        self.bind, self.workers = bind, workers
        super().__init__()

    def load_config(self) -> None:
        self.cfg.set("bind", self.bind)
        self.cfg.set("workers", self.workers)
        for name, value in WORKER_SETTINGS.items():
            self.cfg.set(name, value)
        self.cfg.set("accesslog", "-")
        self.cfg.set("post_worker_init", _recover_jobs)

    def load(self):
        return create_app()


def _recover_jobs(worker) -> None:
    """Each worker may pick up interrupted jobs: claiming is atomic, so each job runs once."""
    app = worker.wsgi
    if not app.config.get("REDIS_URL"):
        jobs.recover(app)


def serve(bind: str, workers: int) -> None:
    """Run gunicorn in this process until it is stopped."""
    _Server(bind, workers).run()
