FROM localhost/bb
RUN echo 'app:x:1000:1000::/home/app:/bin/sh' >> /etc/passwd && echo 'app:x:1000:' >> /etc/group && mkdir -p /home/app
COPY --chown=app:app --chmod=750 app.sh /home/app/app.sh
