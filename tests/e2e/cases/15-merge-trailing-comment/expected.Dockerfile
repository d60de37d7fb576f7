FROM localhost/bb
WORKDIR /src
# build in the subdir
RUN (mkdir build && cd build && echo made > made) && echo installed > installed
