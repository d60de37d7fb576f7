FROM alpine:3.20
COPY app/ /srv/app/
RUN chown nobody /srv/app
