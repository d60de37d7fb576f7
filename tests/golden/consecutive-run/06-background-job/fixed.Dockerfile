FROM alpine:3.20
RUN touch /one
RUN sleep 1 &
RUN touch /two
RUN (sleep 1 &) ; touch /three
RUN touch /four \
    && touch /five
