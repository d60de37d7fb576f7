FROM localhost/bbfake
RUN --mount=type=cache,target=/root/.cache/pip pip install flask
