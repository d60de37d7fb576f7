FROM python:3.12 AS build
RUN pip wheel --wheel-dir /wheels -r requirements.txt
RUN pip install build && python -m build

FROM python:3.12-slim
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl
