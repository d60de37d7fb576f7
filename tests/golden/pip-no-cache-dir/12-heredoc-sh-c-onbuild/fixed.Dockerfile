FROM python:3.12-slim
RUN <<EOF
set -e
pip install --no-cache-dir flask
EOF
RUN sh -c 'pip install --no-cache-dir requests'
ONBUILD RUN pip install --no-cache-dir -r requirements.txt
