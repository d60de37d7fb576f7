FROM localhost/bb
RUN (cd /tmp) && echo here > here
