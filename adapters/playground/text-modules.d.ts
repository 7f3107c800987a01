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
declare module '*/page/files.js' {
  const text: string;
  export default text;
}
declare module '*/page/token.js' {
  const text: string;
  export default text;
}
declare module '*/page/problems.js' {
  const text: string;
  export default text;
}
declare module '*/page/text.js' {
  const text: string;
  export default text;
}
declare module '*.svg' {
  const text: string;
  export default text;
}
