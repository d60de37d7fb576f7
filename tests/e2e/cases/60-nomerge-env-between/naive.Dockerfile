FROM localhost/bb
ENV A=1
ENV A=2
RUN echo "$A" > /a && echo "$A" > /b
