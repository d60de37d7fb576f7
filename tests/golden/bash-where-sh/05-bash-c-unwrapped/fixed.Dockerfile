FROM alpine:3.20
RUN mkdir -p /data && touch /data/x
RUN bash -c 'for i in 1 2; do touch /f$i; done' && echo done
RUN bash -c 'echo ${HOME//\//_}'
