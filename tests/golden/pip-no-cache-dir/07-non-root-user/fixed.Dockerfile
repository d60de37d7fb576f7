FROM python:3.12-slim
RUN useradd -m app
USER app
RUN pip install --no-cache-dir --user flask
RUN pip install --user requests && rm -rf /home/app/.cache
RUN pip install --no-cache-dir --user httpx && rm -rf /root/.cache/pip
