"""An SMTP server that keeps what it receives (aiosmtpd), on a port of its own, started and
stopped by the test to play an outage."""

import socket

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Sink:
    """Received messages, one envelope each."""

    def __init__(self):
        self.envelopes = []
        self.connections = set()  # the client's (address, port) of each SMTP connection that sent mail

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        self.connections.add(session.peer)
        return "250 OK"


class SmtpServer:
    def __init__(self):
        self.port = free_port()
        self.sink = Sink()
        self._controller = None

    @property
    def received(self):
        return self.sink.envelopes

    @property
    def connections(self):
        return self.sink.connections

    def start(self):
        self._controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
