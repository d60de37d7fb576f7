FROM localhost/bb
WORKDIR /w
# note
RUN (mkdir d && cd d && echo in-d > f) && /bin/sh -c 'echo exec > g' && echo last > h
