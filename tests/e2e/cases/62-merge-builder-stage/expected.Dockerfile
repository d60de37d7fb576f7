FROM localhost/bb AS build
RUN mkdir /out && echo one > /out/1 && echo two > /out/2
FROM localhost/bb
COPY --from=build /out /out
