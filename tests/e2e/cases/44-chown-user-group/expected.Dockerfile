FROM localhost/bb
RUN echo 'app:x:1000:1000::/home/app:/bin/sh' >> /etc/passwd && echo 'app:x:1000:' >> /etc/group && mkdir -p /home/app && chown app:app /home/app
COPY --chown=app:app app.sh /home/app/app.sh
