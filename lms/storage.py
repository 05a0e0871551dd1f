"""The object store as the site uses it: private objects whose addresses are the site's own.

Nothing stored is a public object, and no object address (signed or not) is handed to a browser:
the browser asks the site, which streams the file after its check (documents, evidence, reports
by their views; the images of the course pages by lms.views.media_image). So a page's <img>
points to /media/images/…, as with files on the local disk, and the store never needs to be
reachable from the internet.
"""

from django.conf import settings
from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    def url(self, name, parameters=None, expire=None, http_method=None):
        return settings.MEDIA_URL + name.lstrip("/")
