from .pages import *  # noqa: F403
from .subjects import *  # noqa: F403
