FROM node:20-alpine
WORKDIR /srv/app
COPY . .
RUN chown -R node:node .
