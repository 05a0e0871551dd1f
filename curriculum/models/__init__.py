from .pages import *  # noqa: F401,F403
from .subjects import *  # noqa: F401,F403
