"""A real local TCP server that accepts connections and never answers: the
Magnum of a region that hangs, for the tests and benchmarks of the fleet
(registered in Keystone with devcloud.keystone.extra_region)."""
import contextlib
import socket
import threading


@contextlib.contextmanager
def silent_server(host="127.0.0.1"):
    """Yields the port; every connection is held open, unanswered, until the block ends."""
    listener = socket.create_server((host, 0))
    listener.settimeout(0.2)
    held, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            with contextlib.suppress(OSError):
                held.append(listener.accept()[0])

    thread = threading.Thread(target=accept, name="devcloud-silent-server", daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        listener.close()
