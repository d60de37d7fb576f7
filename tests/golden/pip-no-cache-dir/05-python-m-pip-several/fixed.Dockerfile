FROM python:3.12-slim
RUN python3 -m pip install --no-cache-dir --upgrade pip setuptools \
 && pip3.12 install --no-cache-dir -e . \
 && python -m pip install --no-cache-dir --user httpx
