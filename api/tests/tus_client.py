"""A real tus client (tuspy) uploads a file with an interruption and a resume.

usage: tus_client.py ENDPOINT TOKEN FILE CHUNK
Prints the upload URL on success.
"""
import sys

from tusclient import client

endpoint, token, path, chunk = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
c = client.TusClient(endpoint, headers={"Authorization": "Bearer " + token})
first = c.uploader(path, chunk_size=chunk, metadata={"filename": "clip.mov", "filetype": "video/quicktime"})
first.upload_chunk()  # one chunk, then the connection is "lost"
url = first.url
# A new uploader for the same URL asks the server where to resume (HEAD) and finishes.
resumed = c.uploader(path, chunk_size=chunk, url=url)
if resumed.offset != chunk:
    sys.exit(f"resume offset {resumed.offset}, expected {chunk}")
resumed.upload()
if resumed.offset != resumed.get_file_size():
    sys.exit("upload incomplete")
print(url)
