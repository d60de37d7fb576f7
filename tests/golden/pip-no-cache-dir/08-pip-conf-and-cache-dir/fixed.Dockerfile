FROM python:3.12-slim
COPY pip.conf /etc/pip.conf
RUN pip install flask

FROM python:3.12-slim
ENV PIP_CACHE_DIR=/var/cache/pip
RUN pip install --no-cache-dir requests && rm -rf /root/.cache/pip
RUN pip install httpx && rm -rf /var/cache/pip
