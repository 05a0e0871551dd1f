from .plans import *  # noqa: F403
from .reflections import *  # noqa: F403
