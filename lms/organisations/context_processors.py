from .access import access_for


def access(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"lms_access": access_for(user)}
