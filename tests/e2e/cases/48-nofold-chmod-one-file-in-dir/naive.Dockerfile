FROM localhost/bb
COPY --chmod=700 site/ /srv/site/
