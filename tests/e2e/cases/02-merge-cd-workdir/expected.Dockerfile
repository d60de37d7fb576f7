FROM localhost/bb
WORKDIR /src
RUN (mkdir -p build && cd build && echo built > out) && echo installed > marker
