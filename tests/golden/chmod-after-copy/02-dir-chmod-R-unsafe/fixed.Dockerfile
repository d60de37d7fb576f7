FROM alpine:3.20
COPY app /app
RUN chmod -R 755 /app
