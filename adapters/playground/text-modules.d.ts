// Files the Worker bundle imports as text (wrangler.toml [[rules]] type = "Text"); see ./assets-worker.ts.
declare module '*.html' {
  const text: string;
  export default text;
}
declare module '*.css' {
  const text: string;
  export default text;
}
declare module '*/page/main.js' {
  const text: string;
  export default text;
}
declare module '*/page/render.js' {
  const text: string;
  export default text;
}
declare module '*/page/store.js' {
  const text: string;
  export default text;
}
declare module '*/page/token.js' {
  const text: string;
  export default text;
}
