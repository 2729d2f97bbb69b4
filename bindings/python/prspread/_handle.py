"""Base class for objects that own a C handle."""
import ctypes
import weakref


class Handle:
    """Owns one pr_x handle, freed exactly once by close(), by the `with`
    block's end, or by the garbage collector (weakref.finalize).

    A handle created from others lists them in `parents`: it holds strong
    references to them, so a parent is never freed while a child that may
    use it is alive, whatever order the user drops them in.  close() on a
    parent with live children only marks it closed; the C object is freed
    when the last child goes."""
    _free_name = None   # e.g. "pr_corpus_free", set by subclasses

    def __init__(self, raw_ptr, parents=()):
        from ._lib import lib
        if not raw_ptr:
            raise ValueError(f"{type(self).__name__}: NULL handle")
        self._ptr = int(raw_ptr)
        self._closed = False
        self._parents = tuple(parents)
        self._children = weakref.WeakSet()
        for p in self._parents:
            p._children.add(self)
        self._finalizer = weakref.finalize(self, getattr(lib, self._free_name), ctypes.c_void_p(self._ptr))

    @classmethod
    def _wrap(cls, out):
        """The object owning the handle a pr_x_create/load call wrote to
        `out` (a ctypes.c_void_p), for classes with no state of their own."""
        self = cls.__new__(cls)
        Handle.__init__(self, out.value)
        return self

    @property
    def _as_parameter_(self):
        if self._closed:
            raise ValueError(f"{type(self).__name__} is closed")
        return ctypes.c_void_p(self._ptr)

    @property
    def closed(self):
        return self._closed

    def close(self):
        """Free the C object now (or as soon as no child needs it)."""
        if self._closed:
            return
        self._closed = True
        if not len(self._children):
            self._finalizer()
        # Otherwise the children's references keep self alive; the finalizer
        # runs when the last one is collected.

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __repr__(self):
        state = "closed" if self._closed else hex(self._ptr)
        return f"<{type(self).__module__}.{type(self).__name__} {state}>"
