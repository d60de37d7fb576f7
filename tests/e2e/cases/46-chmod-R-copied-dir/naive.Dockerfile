FROM localhost/bb
COPY --chmod=644 site/ /srv/site/
