# A single-stage Node.js/TypeScript inference service that still needs converting
# to a multi-stage build: the node-gyp toolchain (python3, make, g++), every dev
# dependency, the TypeScript compiler, the sources and the source maps all end up
# in the shipped image, and the service runs as root.
FROM node:20-alpine
WORKDIR /app
# Build tools for native modules compiled by node-gyp
RUN apk add --no-cache python3 make g++
# All dependencies, dev ones (typescript, @types/*, test tools) included
COPY package.json package-lock.json ./
RUN npm ci
# Sources and compiler settings, compiled in place with source maps
COPY tsconfig.json ./
COPY src ./src
RUN npx tsc --sourceMap --outDir dist
ENV NODE_ENV=production
EXPOSE 3000
CMD ["node", "--enable-source-maps", "dist/server.js"]
