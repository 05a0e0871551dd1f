from .plans import *  # noqa: F401,F403
from .reflections import *  # noqa: F401,F403
