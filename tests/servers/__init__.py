"""Real servers the tests start and stop (an SMTP server here; PostgreSQL and Redis are the
machine's own), so that a fault is a part really down, not a mock raising an error."""
