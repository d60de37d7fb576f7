FROM localhost/bb
RUN mkdir -p /srv/site && echo old > /srv/site/old.html
COPY --chmod=700 site/ /srv/site/
