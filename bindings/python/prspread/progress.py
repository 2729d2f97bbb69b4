"""Progress callbacks: a tqdm bar when tqdm is installed, user callbacks, and
Ctrl-C that cancels the C operation cleanly.

Every long call gets a callback, even without a bar, because the callback is
where Python runs its signal handlers during a C call: a KeyboardInterrupt
raised there is caught, the callback returns non-zero, the library returns
PR_ERR_CANCELLED with the handle still valid, and the KeyboardInterrupt is
re-raised in the caller."""
import sys

from . import _raw

try:
    from tqdm.auto import tqdm as _tqdm
except ImportError:  # tqdm is optional (Debian python3-tqdm)
    _tqdm = None


class Progress:
    """Context manager that owns one pr_progress_fn for one C call.

    progress: None  -> a tqdm bar if tqdm is installed and stderr is a terminal;
              True  -> a tqdm bar if tqdm is installed;
              False -> no bar (Ctrl-C still cancels);
              callable(done, total) -> called on every report; a truthy
                       return cancels the operation."""

    def __init__(self, progress=None, desc=None):
        self.user_fn = progress if callable(progress) else None
        want_bar = progress is True or (progress is None and sys.stderr.isatty())
        self.bar = None
        self._want_bar = want_bar and _tqdm is not None
        self.desc = desc
        self.exception = None
        self.calls = 0
        self.fn = _raw.pr_progress_fn(self._report)   # kept alive by self

    def _report(self, user, done, total):
        try:
            self.calls += 1
            if self._want_bar:
                if self.bar is None:
                    self.bar = _tqdm(total=total, desc=self.desc, leave=False)
                self.bar.total = total
                self.bar.update(done - self.bar.n)
            if self.user_fn is not None and self.user_fn(done, total):
                return 1
            return 0
        except BaseException as e:   # KeyboardInterrupt, or a bug in user code
            self.exception = e
            return 1

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.close()
        return False

    def reraise(self):
        """After a PR_ERR_CANCELLED: re-raise what the callback caught."""
        if self.exception is not None:
            e, self.exception = self.exception, None
            raise e
