FROM python:3.12-slim
RUN pip cache purge && pip install --no-cache-dir flask
RUN pip install --no-cache-dir requests
RUN rm -rf /root/.cache/pip
