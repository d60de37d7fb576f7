FROM localhost/bb
WORKDIR /src
RUN mkdir build && cd build && echo made > made   # build in the subdir && echo installed > installed
