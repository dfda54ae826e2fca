//! Expressions: the small language levels use for conditions and amounts.
//!
//! `tension > 70 and china_trust < 30`, `2 + tension / 20`, `flag(talks_open)`,
//! `clamp(program / 4, 0, 10)`. The pipeline is:
//!
//! 1. [`parse`] turns the text into an [`Ast`] (a hand-written Pratt parser). Every error
//!    carries the 1-based character column inside the string, so the level loader can point
//!    a caret at it.
//! 2. [`compile`] resolves every name through a [`Names`] table (variables, flags, terms,
//!    parties, events) to an index and flattens the tree into postfix [`Op`]s.
//! 3. [`Expr::eval`] runs the ops against an [`Env`] with a fixed stack on the machine stack:
//!    no allocation, no string lookups, no loops, no I/O.
//!
//! Values are `f64`; booleans are `1.0` / `0.0` and anything non-zero is true. Division by
//! zero yields `0` so that no level can produce NaN or infinity.

use std::fmt;

/// Longest expression text accepted, in bytes.
pub const MAX_EXPR_LEN: usize = 1000;
/// Deepest nesting of parentheses, operators and calls accepted.
pub const MAX_DEPTH: usize = 32;
/// Most tree nodes in one expression.
pub const MAX_NODES: usize = 256;
/// Evaluation stack size; compile refuses expressions that would need more.
const STACK: usize = 64;

/// A parse or name-resolution error, with the 1-based column (in characters) inside the
/// expression text where it was found.
#[derive(Debug, Clone, PartialEq)]
pub struct ExprError {
    pub column: usize,
    pub message: String,
    /// A close known name, for "did you mean …?".
    pub suggestion: Option<String>,
}

impl fmt::Display for ExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}: {}", self.column, self.message)?;
        if let Some(s) = &self.suggestion {
            write!(f, " (did you mean '{s}'?)")?;
        }
        Ok(())
    }
}

impl ExprError {
    fn at(column: usize, message: impl Into<String>) -> Self {
        ExprError {
            column,
            message: message.into(),
            suggestion: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
    And,
    Or,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum UnOp {
    Neg,
    Not,
}

/// The parsed tree. `column` is where the node starts in the text (1-based, characters).
#[derive(Debug, Clone, PartialEq)]
pub enum Ast {
    Num(f64),
    Name {
        name: String,
        column: usize,
    },
    Call {
        func: String,
        args: Vec<Ast>,
        column: usize,
        /// Columns of each argument, for errors about a bad argument.
        arg_columns: Vec<usize>,
    },
    Unary(UnOp, Box<Ast>),
    Binary(BinOp, Box<Ast>, Box<Ast>),
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64),
    Ident(String),
    LParen,
    RParen,
    Comma,
    Op(BinOp),
    Not,
    End,
}

struct Lexer<'a> {
    chars: Vec<(usize, char)>,
    pos: usize,
    _src: &'a str,
}

impl<'a> Lexer<'a> {
    fn new(src: &'a str) -> Self {
        Lexer {
            chars: src.chars().enumerate().collect(),
            pos: 0,
            _src: src,
        }
    }

    fn peek_char(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).map(|&(_, c)| c)
    }

    /// Next token and its 1-based column.
    fn next(&mut self) -> Result<(Tok, usize), ExprError> {
        while self.peek_char(0).is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
        let column = self.pos + 1;
        let Some(c) = self.peek_char(0) else {
            return Ok((Tok::End, column));
        };
        let two = |l: &mut Self, tok| {
            l.pos += 2;
            Ok((tok, column))
        };
        let one = |l: &mut Self, tok| {
            l.pos += 1;
            Ok((tok, column))
        };
        match (c, self.peek_char(1)) {
            ('<', Some('=')) => two(self, Tok::Op(BinOp::Le)),
            ('>', Some('=')) => two(self, Tok::Op(BinOp::Ge)),
            ('=', Some('=')) => two(self, Tok::Op(BinOp::Eq)),
            ('!', Some('=')) => two(self, Tok::Op(BinOp::Ne)),
            ('&', Some('&')) => two(self, Tok::Op(BinOp::And)),
            ('|', Some('|')) => two(self, Tok::Op(BinOp::Or)),
            ('<', _) => one(self, Tok::Op(BinOp::Lt)),
            ('>', _) => one(self, Tok::Op(BinOp::Gt)),
            ('+', _) => one(self, Tok::Op(BinOp::Add)),
            ('-', _) => one(self, Tok::Op(BinOp::Sub)),
            ('*', _) => one(self, Tok::Op(BinOp::Mul)),
            ('/', _) => one(self, Tok::Op(BinOp::Div)),
            ('(', _) => one(self, Tok::LParen),
            (')', _) => one(self, Tok::RParen),
            (',', _) => one(self, Tok::Comma),
            ('!', _) => one(self, Tok::Not),
            ('=', Some(c @ ('>' | '<'))) => Err(ExprError {
                column,
                message: format!("'={c}' is not an operator"),
                suggestion: Some(format!("{c}=")),
            }),
            ('=', _) => Err(ExprError::at(
                column,
                "'=' is not an operator here; compare with '=='",
            )),
            (c, _) if c.is_ascii_digit() || c == '.' => {
                let start = self.pos;
                while self
                    .peek_char(0)
                    .is_some_and(|c| c.is_ascii_digit() || c == '.' || c == '_')
                {
                    self.pos += 1;
                }
                let text: String = self.chars[start..self.pos]
                    .iter()
                    .map(|&(_, c)| c)
                    .filter(|&c| c != '_')
                    .collect();
                // `1e308` would otherwise read as the number 1 followed by a name 'e308',
                // and the author would be told to put an operator between them.
                if self.peek_char(0).is_some_and(|c| c == 'e' || c == 'E')
                    && self
                        .peek_char(1)
                        .is_some_and(|c| c.is_ascii_digit() || c == '+' || c == '-')
                {
                    return Err(ExprError::at(
                        column,
                        format!(
                            "exponents such as '{text}e…' are not allowed in expressions: write the number out in full"
                        ),
                    ));
                }
                match text.parse::<f64>() {
                    Ok(n) if n.is_finite() => Ok((Tok::Num(n), column)),
                    _ => Err(ExprError::at(column, format!("'{text}' is not a number"))),
                }
            }
            (c, _) if c.is_ascii_alphabetic() || c == '_' => {
                let start = self.pos;
                while self
                    .peek_char(0)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
                {
                    self.pos += 1;
                }
                let word: String = self.chars[start..self.pos]
                    .iter()
                    .map(|&(_, c)| c)
                    .collect();
                let tok = match word.as_str() {
                    "and" => Tok::Op(BinOp::And),
                    "or" => Tok::Op(BinOp::Or),
                    "not" => Tok::Not,
                    "true" => Tok::Num(1.0),
                    "false" => Tok::Num(0.0),
                    _ => Tok::Ident(word),
                };
                Ok((tok, column))
            }
            (c, _) => Err(ExprError::at(
                column,
                format!("unexpected character '{}'", c.escape_default()),
            )),
        }
    }
}

struct Parser<'a> {
    lexer: Lexer<'a>,
    tok: Tok,
    column: usize,
    nodes: usize,
}

/// Binding power of infix operators: higher binds tighter. Comparisons do not chain.
fn infix_power(op: BinOp) -> (u8, u8) {
    match op {
        BinOp::Or => (1, 2),
        BinOp::And => (3, 4),
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge | BinOp::Eq | BinOp::Ne => (7, 8),
        BinOp::Add | BinOp::Sub => (9, 10),
        BinOp::Mul | BinOp::Div => (11, 12),
    }
}
/// `not` binds looser than comparisons (`not a > b` is `not (a > b)`), tighter than `and`.
const NOT_POWER: u8 = 5;
const NEG_POWER: u8 = 13;

fn is_comparison(op: BinOp) -> bool {
    matches!(
        op,
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge | BinOp::Eq | BinOp::Ne
    )
}

impl<'a> Parser<'a> {
    fn bump(&mut self) -> Result<(), ExprError> {
        let (tok, column) = self.lexer.next()?;
        self.tok = tok;
        self.column = column;
        Ok(())
    }

    fn node(&mut self) -> Result<(), ExprError> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(ExprError::at(
                self.column,
                format!("expression is too long (more than {MAX_NODES} parts)"),
            ));
        }
        Ok(())
    }

    fn expr(&mut self, min_power: u8, depth: usize) -> Result<Ast, ExprError> {
        if depth > MAX_DEPTH {
            return Err(ExprError::at(
                self.column,
                format!("expression is nested too deeply (more than {MAX_DEPTH} levels)"),
            ));
        }
        self.node()?;
        let start = self.column;
        let mut lhs = match std::mem::replace(&mut self.tok, Tok::End) {
            Tok::Num(n) => {
                self.bump()?;
                Ast::Num(n)
            }
            Tok::Ident(name) => {
                self.bump()?;
                if self.tok == Tok::LParen {
                    self.bump()?;
                    let mut args = Vec::new();
                    let mut arg_columns = Vec::new();
                    if self.tok != Tok::RParen {
                        loop {
                            arg_columns.push(self.column);
                            args.push(self.expr(0, depth + 1)?);
                            match self.tok {
                                Tok::Comma => self.bump()?,
                                Tok::RParen => break,
                                _ => {
                                    return Err(ExprError::at(
                                        self.column,
                                        format!("expected ',' or ')' in the call to '{name}'"),
                                    ));
                                }
                            }
                        }
                    }
                    self.bump()?;
                    Ast::Call {
                        func: name,
                        args,
                        column: start,
                        arg_columns,
                    }
                } else {
                    Ast::Name {
                        name,
                        column: start,
                    }
                }
            }
            Tok::LParen => {
                self.bump()?;
                let inner = self.expr(0, depth + 1)?;
                if self.tok != Tok::RParen {
                    return Err(ExprError::at(
                        self.column,
                        format!("expected ')' to close the '(' at column {start}"),
                    ));
                }
                self.bump()?;
                inner
            }
            Tok::Op(BinOp::Sub) => {
                self.bump()?;
                Ast::Unary(UnOp::Neg, Box::new(self.expr(NEG_POWER, depth + 1)?))
            }
            Tok::Not => {
                self.bump()?;
                Ast::Unary(UnOp::Not, Box::new(self.expr(NOT_POWER, depth + 1)?))
            }
            Tok::End => return Err(ExprError::at(start, "expected a value, found the end")),
            Tok::RParen => return Err(ExprError::at(start, "expected a value, found ')'")),
            Tok::Comma => return Err(ExprError::at(start, "expected a value, found ','")),
            Tok::Op(_) => return Err(ExprError::at(start, "expected a value, found an operator")),
        };
        loop {
            let op = match self.tok {
                Tok::Op(op) => op,
                Tok::End | Tok::RParen | Tok::Comma => break,
                Tok::Not => {
                    return Err(ExprError::at(
                        self.column,
                        "'not' cannot follow a value; did you mean 'and not'?",
                    ));
                }
                _ => {
                    return Err(ExprError::at(
                        self.column,
                        "expected an operator (+ - * / < > == and or …) between values",
                    ));
                }
            };
            let (left, right) = infix_power(op);
            if left < min_power {
                break;
            }
            let op_column = self.column;
            self.bump()?;
            self.node()?;
            let rhs = self.expr(right, depth + 1)?;
            if is_comparison(op)
                && let Tok::Op(next) = self.tok
                && is_comparison(next)
            {
                return Err(ExprError::at(
                    self.column,
                    format!(
                        "comparisons do not chain (the one at column {op_column} is already compared); join them with 'and'"
                    ),
                ));
            }
            lhs = Ast::Binary(op, Box::new(lhs), Box::new(rhs));
        }
        Ok(lhs)
    }
}

/// Parse expression text into a tree.
pub fn parse(text: &str) -> Result<Ast, ExprError> {
    if text.len() > MAX_EXPR_LEN {
        return Err(ExprError::at(
            1,
            format!(
                "expression is {} bytes long; the limit is {MAX_EXPR_LEN}",
                text.len()
            ),
        ));
    }
    let mut parser = Parser {
        lexer: Lexer::new(text),
        tok: Tok::End,
        column: 1,
        nodes: 0,
    };
    parser.bump()?;
    if parser.tok == Tok::End {
        return Err(ExprError::at(1, "the expression is empty"));
    }
    let ast = parser.expr(0, 0)?;
    match parser.tok {
        Tok::End => Ok(ast),
        Tok::RParen => Err(ExprError::at(
            parser.column,
            "unmatched ')' (no '(' opens it)",
        )),
        _ => Err(ExprError::at(
            parser.column,
            "unexpected text after the expression",
        )),
    }
}

/// One postfix instruction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op {
    /// Push a value.
    Push(Operand),
    Neg,
    Not,
    Bin(BinOp),
    Min(u8),
    Max(u8),
    Clamp,
    Abs,
    Round,
}

/// A value an instruction reads: a constant or something from the environment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Operand {
    Const(f64),
    Var(u16),
    Flag(u16),
    Deal(u16),
    Revealed(u16),
    Fired(u16),
    Turn,
    MonthOfYear,
    Year,
    MonthsLeft,
}

impl Operand {
    #[inline]
    fn read(self, env: &impl Env) -> f64 {
        match self {
            Operand::Const(c) => c,
            Operand::Var(i) => env.var(i),
            Operand::Flag(i) => truth(env.flag(i)),
            Operand::Deal(i) => env.deal(i),
            Operand::Revealed(i) => truth(env.revealed(i)),
            Operand::Fired(i) => env.fired(i),
            Operand::Turn => env.turn(),
            Operand::MonthOfYear => env.month_of_year(),
            Operand::Year => env.year(),
            Operand::MonthsLeft => env.months_left(),
        }
    }
}

/// The executed form of a program: postfix [`Op`]s rewritten into fewer, more specific
/// steps. `tension / 20` is one step (`DivConst`), not three, and the operator and the kind
/// of operand are part of the step itself, so running one costs a single dispatch instead
/// of three nested ones (step, operator, operand). Every step computes exactly what the
/// postfix ops it replaces compute, in the same order, so results are bit-identical.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Step {
    PushConst(f64),
    PushVar(u16),
    Push(Operand),
    /// Push `constant * variable` (`0.3 * san_fin`).
    PushMulConstVar(f64, u16),
    /// The top of the stack combined with a constant or a variable.
    AddConst(f64),
    SubConst(f64),
    MulConst(f64),
    /// Divide by a non-zero constant (division by a zero constant stays generic).
    DivConst(f64),
    LtConst(f64),
    LeConst(f64),
    GtConst(f64),
    GeConst(f64),
    AddVar(u16),
    SubVar(u16),
    MulVar(u16),
    DivVar(u16),
    /// `top + constant * variable` and `top - constant * variable`.
    AddMulConstVar(f64, u16),
    SubMulConstVar(f64, u16),
    /// The top of the stack combined with any operand.
    BinWith(BinOp, Operand),
    /// The two top values combined.
    Add,
    Sub,
    Mul,
    Bin(BinOp),
    Neg,
    Not,
    Abs,
    Round,
    Min(u8),
    Max(u8),
    Clamp,
}

/// Rewrite postfix ops into steps: first each `push, operator` pair into one step, then
/// the common `push c, multiply by v` and `… then add or subtract it` runs into one.
fn fuse(ops: &[Op]) -> Box<[Step]> {
    let mut code: Vec<Step> = Vec::with_capacity(ops.len());
    let mut i = 0;
    while i < ops.len() {
        let step = match (ops[i], ops.get(i + 1)) {
            (Op::Push(operand), Some(&Op::Bin(op))) => {
                i += 1;
                with_operand(op, operand)
            }
            (Op::Push(Operand::Const(c)), _) => Step::PushConst(c),
            (Op::Push(Operand::Var(v)), _) => Step::PushVar(v),
            (Op::Push(operand), _) => Step::Push(operand),
            (Op::Neg, _) => Step::Neg,
            (Op::Not, _) => Step::Not,
            (Op::Abs, _) => Step::Abs,
            (Op::Round, _) => Step::Round,
            (Op::Bin(BinOp::Add), _) => Step::Add,
            (Op::Bin(BinOp::Sub), _) => Step::Sub,
            (Op::Bin(BinOp::Mul), _) => Step::Mul,
            (Op::Bin(op), _) => Step::Bin(op),
            (Op::Min(n), _) => Step::Min(n),
            (Op::Max(n), _) => Step::Max(n),
            (Op::Clamp, _) => Step::Clamp,
        };
        let merged = match (code.last(), step) {
            (Some(&Step::PushConst(c)), Step::MulVar(v)) => Some(Step::PushMulConstVar(c, v)),
            (Some(&Step::PushMulConstVar(c, v)), Step::Add) => Some(Step::AddMulConstVar(c, v)),
            (Some(&Step::PushMulConstVar(c, v)), Step::Sub) => Some(Step::SubMulConstVar(c, v)),
            _ => None,
        };
        if let (Some(merged), Some(last)) = (merged, code.last_mut()) {
            *last = merged;
        } else {
            code.push(step);
        }
        i += 1;
    }
    code.into_boxed_slice()
}

/// The step for `top OP operand`.
fn with_operand(op: BinOp, operand: Operand) -> Step {
    match (op, operand) {
        (BinOp::Add, Operand::Const(c)) => Step::AddConst(c),
        (BinOp::Sub, Operand::Const(c)) => Step::SubConst(c),
        (BinOp::Mul, Operand::Const(c)) => Step::MulConst(c),
        (BinOp::Div, Operand::Const(c)) if c != 0.0 => Step::DivConst(c),
        (BinOp::Lt, Operand::Const(c)) => Step::LtConst(c),
        (BinOp::Le, Operand::Const(c)) => Step::LeConst(c),
        (BinOp::Gt, Operand::Const(c)) => Step::GtConst(c),
        (BinOp::Ge, Operand::Const(c)) => Step::GeConst(c),
        (BinOp::Add, Operand::Var(v)) => Step::AddVar(v),
        (BinOp::Sub, Operand::Var(v)) => Step::SubVar(v),
        (BinOp::Mul, Operand::Var(v)) => Step::MulVar(v),
        (BinOp::Div, Operand::Var(v)) => Step::DivVar(v),
        _ => Step::BinWith(op, operand),
    }
}

/// What expressions can read while they run. The engine's `State` implements it.
pub trait Env {
    fn var(&self, index: u16) -> f64;
    fn flag(&self, index: u16) -> bool;
    /// The agreed level of a deal term (0 when no deal covers it).
    fn deal(&self, index: u16) -> f64;
    fn revealed(&self, index: u16) -> bool;
    /// How many times an event has fired so far.
    fn fired(&self, index: u16) -> f64;
    /// Months played so far (0 in the first month).
    fn turn(&self) -> f64;
    /// Calendar month, 1–12.
    fn month_of_year(&self) -> f64;
    fn year(&self) -> f64;
    fn months_left(&self) -> f64;
}

/// The kinds of names an expression can use; each resolves to an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    Variable,
    Flag,
    Term,
    Party,
    Event,
}

impl NameKind {
    pub fn noun(self) -> &'static str {
        match self {
            NameKind::Variable => "variable",
            NameKind::Flag => "flag",
            NameKind::Term => "deal term",
            NameKind::Party => "party",
            NameKind::Event => "event",
        }
    }
}

/// The level's name tables, as the compiler sees them.
pub trait Names {
    fn lookup(&self, kind: NameKind, name: &str) -> Option<u16>;
    /// Every known name of a kind, for suggestions.
    fn all(&self, kind: NameKind) -> Vec<&str>;
}

/// A compiled expression: its source text (for previews and debriefs) and its program.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    text: Box<str>,
    /// The program as compiled (for inspection: which names it reads).
    ops: Box<[Op]>,
    /// The program as run.
    code: Box<[Step]>,
    /// Everything the program reads from the environment, each once (constants excluded):
    /// its value can change only when one of these does, so the engine may keep a result
    /// (the event draw does) until then.
    reads: Box<[Operand]>,
    /// The most stack slots the program needs (decides the size of the stack it runs on).
    depth: u8,
    /// A recognised simple form, evaluated without the interpreter loop.
    shape: Shape,
}

/// Common one- to three-op programs, which make up most conditions and weights in practice
/// (`0.5`, `tension`, `flag(x)`, `program >= 62`): recognised at compile time so the monthly
/// step skips the interpreter for them.
#[derive(Debug, Clone, PartialEq)]
enum Shape {
    Const(f64),
    Var(u16),
    Flag(u16),
    /// `variable < constant` and the like: the commonest condition of all.
    VarLtConst(u16, f64),
    VarLeConst(u16, f64),
    VarGtConst(u16, f64),
    VarGeConst(u16, f64),
    VarOpConst(BinOp, u16, f64),
    /// `a and b and …`: each part on its own, stopping at the first false one. Most event
    /// conditions are such chains and most fail early, so this skips most of the work.
    All(Box<[Expr]>),
    /// `a or b or …`, stopping at the first true one.
    Any(Box<[Expr]>),
    General,
}

impl Shape {
    fn of(ops: &[Op]) -> Shape {
        match *ops {
            [Op::Push(Operand::Const(c))] => Shape::Const(c),
            [Op::Push(Operand::Var(i))] => Shape::Var(i),
            [Op::Push(Operand::Flag(i))] => Shape::Flag(i),
            [
                Op::Push(Operand::Var(i)),
                Op::Push(Operand::Const(c)),
                Op::Bin(op),
            ] => match op {
                BinOp::Lt => Shape::VarLtConst(i, c),
                BinOp::Le => Shape::VarLeConst(i, c),
                BinOp::Gt => Shape::VarGtConst(i, c),
                BinOp::Ge => Shape::VarGeConst(i, c),
                _ => Shape::VarOpConst(op, i, c),
            },
            _ => Shape::General,
        }
    }
}

impl Expr {
    /// An expression that always yields `value`.
    pub fn constant(value: f64) -> Self {
        // Whole numbers (nearly every constant a level writes) print as integers: float
        // formatting is a measurable share of loading a level with hundreds of them.
        let text = if value.fract() == 0.0 && value.abs() < 1e15 {
            (value as i64).to_string()
        } else {
            value.to_string()
        };
        Expr {
            text: text.into(),
            ops: Box::new([Op::Push(Operand::Const(value))]),
            code: Box::new([Step::PushConst(value)]),
            reads: Box::new([]),
            depth: 1,
            shape: Shape::Const(value),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The constant value if the expression is a plain number.
    pub fn as_constant(&self) -> Option<f64> {
        match *self.ops {
            [Op::Push(Operand::Const(v))] => Some(v),
            _ => None,
        }
    }

    pub fn ops(&self) -> &[Op] {
        &self.ops
    }

    /// What the expression reads from the game (variables, flags, deal terms, …), each once.
    /// Its value can change only when one of these does.
    pub fn reads(&self) -> &[Operand] {
        &self.reads
    }

    /// Evaluate against an environment. Never allocates; always returns a finite number.
    #[inline]
    pub fn eval(&self, env: &impl Env) -> f64 {
        // Constants and variables are finite by construction (variables are clamped).
        match &self.shape {
            Shape::Const(c) => *c,
            Shape::Var(i) => env.var(*i),
            Shape::Flag(i) => truth(env.flag(*i)),
            // Comparisons yield 0 or 1: no finite() check needed.
            Shape::VarLtConst(i, c) => truth(env.var(*i) < *c),
            Shape::VarLeConst(i, c) => truth(env.var(*i) <= *c),
            Shape::VarGtConst(i, c) => truth(env.var(*i) > *c),
            Shape::VarGeConst(i, c) => truth(env.var(*i) >= *c),
            Shape::VarOpConst(op, i, c) => finite(binary(*op, env.var(*i), *c)),
            Shape::All(parts) => truth(parts.iter().all(|p| p.holds(env))),
            Shape::Any(parts) => truth(parts.iter().any(|p| p.holds(env))),
            // A small stack for small programs: zeroing 64 slots on every call was a
            // measurable share of the monthly step.
            Shape::General if self.depth <= 4 => self.run::<4>(env),
            Shape::General if self.depth <= 16 => self.run::<16>(env),
            Shape::General => self.run::<STACK>(env),
        }
    }

    /// The interpreter over the fused code, with the top of the stack cached in `acc`: most
    /// operations then touch no memory at all. `N` slots hold the rest (compile proved the
    /// program needs no more).
    // Kept out of line so `eval` stays small enough to inline at its call sites.
    #[inline(never)]
    fn run<const N: usize>(&self, env: &impl Env) -> f64 {
        let mut stack = [0.0f64; N];
        let mut top = 0usize;
        let mut acc = 0.0f64;
        for step in self.code.iter() {
            let pushed = match *step {
                Step::PushConst(c) => c,
                Step::PushVar(v) => env.var(v),
                Step::Push(operand) => operand.read(env),
                Step::PushMulConstVar(c, v) => c * env.var(v),
                Step::AddConst(c) => {
                    acc += c;
                    continue;
                }
                Step::SubConst(c) => {
                    acc -= c;
                    continue;
                }
                Step::MulConst(c) => {
                    acc *= c;
                    continue;
                }
                Step::DivConst(c) => {
                    acc /= c;
                    continue;
                }
                Step::LtConst(c) => {
                    acc = truth(acc < c);
                    continue;
                }
                Step::LeConst(c) => {
                    acc = truth(acc <= c);
                    continue;
                }
                Step::GtConst(c) => {
                    acc = truth(acc > c);
                    continue;
                }
                Step::GeConst(c) => {
                    acc = truth(acc >= c);
                    continue;
                }
                Step::AddVar(v) => {
                    acc += env.var(v);
                    continue;
                }
                Step::SubVar(v) => {
                    acc -= env.var(v);
                    continue;
                }
                Step::MulVar(v) => {
                    acc *= env.var(v);
                    continue;
                }
                Step::DivVar(v) => {
                    acc = binary(BinOp::Div, acc, env.var(v));
                    continue;
                }
                Step::AddMulConstVar(c, v) => {
                    acc += c * env.var(v);
                    continue;
                }
                Step::SubMulConstVar(c, v) => {
                    acc -= c * env.var(v);
                    continue;
                }
                Step::BinWith(op, operand) => {
                    acc = binary(op, acc, operand.read(env));
                    continue;
                }
                Step::Add => {
                    top -= 1;
                    acc += stack[top];
                    continue;
                }
                Step::Sub => {
                    top -= 1;
                    acc = stack[top] - acc;
                    continue;
                }
                Step::Mul => {
                    top -= 1;
                    acc *= stack[top];
                    continue;
                }
                Step::Bin(op) => {
                    top -= 1;
                    acc = binary(op, stack[top], acc);
                    continue;
                }
                Step::Neg => {
                    acc = -acc;
                    continue;
                }
                Step::Not => {
                    acc = truth(acc == 0.0);
                    continue;
                }
                Step::Abs => {
                    acc = acc.abs();
                    continue;
                }
                Step::Round => {
                    acc = acc.round();
                    continue;
                }
                Step::Min(n) | Step::Max(n) => {
                    let rest = usize::from(n) - 1;
                    let others = &stack[top - rest..top];
                    acc = if matches!(step, Step::Min(_)) {
                        others.iter().copied().fold(acc, f64::min)
                    } else {
                        others.iter().copied().fold(acc, f64::max)
                    };
                    top -= rest;
                    continue;
                }
                Step::Clamp => {
                    let (x, lo, hi) = (stack[top - 2], stack[top - 1], acc);
                    top -= 2;
                    acc = if x < lo {
                        lo
                    } else if x > hi {
                        hi
                    } else {
                        x
                    };
                    continue;
                }
            };
            // A push: the old top goes to memory, the new value stays in the register.
            stack[top] = acc;
            top += 1;
            acc = pushed;
        }
        finite(acc)
    }

    /// Evaluate as a condition.
    pub fn holds(&self, env: &impl Env) -> bool {
        self.eval(env) != 0.0
    }
}

#[inline]
fn truth(b: bool) -> f64 {
    if b { 1.0 } else { 0.0 }
}

#[inline]
fn binary(op: BinOp, a: f64, b: f64) -> f64 {
    match op {
        BinOp::Add => a + b,
        BinOp::Sub => a - b,
        BinOp::Mul => a * b,
        BinOp::Div => {
            if b == 0.0 {
                0.0
            } else {
                a / b
            }
        }
        BinOp::Lt => truth(a < b),
        BinOp::Le => truth(a <= b),
        BinOp::Gt => truth(a > b),
        BinOp::Ge => truth(a >= b),
        BinOp::Eq => truth(a == b),
        BinOp::Ne => truth(a != b),
        BinOp::And => truth(a != 0.0 && b != 0.0),
        BinOp::Or => truth(a != 0.0 || b != 0.0),
    }
}

/// Every result leaves the evaluator finite: an overflow saturates, NaN reads as 0.
/// (Intermediate steps may overflow; the one check at the end is enough and cheaper.)
#[inline]
fn finite(v: f64) -> f64 {
    if v.is_finite() {
        v
    } else if v > 0.0 {
        f64::MAX
    } else if v < 0.0 {
        f64::MIN
    } else {
        0.0
    }
}

/// Functions an expression may call and what their arguments are.
const FUNCTIONS: &[&str] = &[
    "flag", "deal", "revealed", "fired", "min", "max", "clamp", "abs", "round",
];
/// Built-in values every level has.
const BUILTINS: &[&str] = &["turn", "month", "year", "months_left"];

/// Resolve names and flatten the tree.
pub fn compile(text: &str, names: &impl Names) -> Result<Expr, ExprError> {
    let ast = parse(text)?;
    build(&ast, text.trim(), names)
}

/// Compile a tree: the whole program (kept for `ops()` and as the reference semantics),
/// plus, for `and` / `or` chains, each part compiled on its own for early exit.
fn build(ast: &Ast, text: &str, names: &impl Names) -> Result<Expr, ExprError> {
    let mut ops = Vec::new();
    let mut depth = 0usize;
    let mut max_depth = 0usize;
    emit(ast, names, &mut ops, &mut depth, &mut max_depth)?;
    if max_depth > STACK {
        return Err(ExprError::at(1, "expression needs too much working space"));
    }
    let mut shape = Shape::of(&ops);
    for (op, all) in [(BinOp::And, true), (BinOp::Or, false)] {
        let mut parts = Vec::new();
        chain(ast, op, &mut parts);
        if parts.len() >= 2 {
            let parts = parts
                .into_iter()
                .map(|part| build(part, "", names))
                .collect::<Result<Box<[Expr]>, _>>()?;
            shape = if all {
                Shape::All(parts)
            } else {
                Shape::Any(parts)
            };
        }
    }
    let mut reads: Vec<Operand> = Vec::new();
    for op in &ops {
        if let Op::Push(operand) = *op
            && !matches!(operand, Operand::Const(_))
            && !reads.contains(&operand)
        {
            reads.push(operand);
        }
    }
    Ok(Expr {
        text: text.into(),
        shape,
        code: fuse(&ops),
        reads: reads.into_boxed_slice(),
        ops: ops.into_boxed_slice(),
        depth: max_depth as u8,
    })
}

/// The operands of a left-nested chain of one operator: `a and b and c` → [a, b, c].
fn chain<'a>(ast: &'a Ast, op: BinOp, parts: &mut Vec<&'a Ast>) {
    match ast {
        Ast::Binary(o, a, b) if *o == op => {
            chain(a, op, parts);
            chain(b, op, parts);
        }
        _ => parts.push(ast),
    }
}

fn emit(
    ast: &Ast,
    names: &impl Names,
    ops: &mut Vec<Op>,
    depth: &mut usize,
    max_depth: &mut usize,
) -> Result<(), ExprError> {
    let pushed = |ops: &mut Vec<Op>, op: Op, depth: &mut usize, max_depth: &mut usize| {
        ops.push(op);
        *depth += 1;
        *max_depth = (*max_depth).max(*depth);
    };
    match ast {
        Ast::Num(n) => pushed(ops, Op::Push(Operand::Const(*n)), depth, max_depth),
        Ast::Name { name, column } => {
            let operand = match name.as_str() {
                "turn" => Operand::Turn,
                "month" => Operand::MonthOfYear,
                "year" => Operand::Year,
                "months_left" => Operand::MonthsLeft,
                _ => match names.lookup(NameKind::Variable, name) {
                    Some(i) => Operand::Var(i),
                    None => return Err(unknown_name(names, name, *column)),
                },
            };
            pushed(ops, Op::Push(operand), depth, max_depth);
        }
        Ast::Unary(op, inner) => {
            emit(inner, names, ops, depth, max_depth)?;
            ops.push(match op {
                UnOp::Neg => Op::Neg,
                UnOp::Not => Op::Not,
            });
        }
        Ast::Binary(op, a, b) => {
            emit(a, names, ops, depth, max_depth)?;
            emit(b, names, ops, depth, max_depth)?;
            ops.push(Op::Bin(*op));
            *depth -= 1;
        }
        Ast::Call {
            func,
            args,
            column,
            arg_columns,
        } => {
            let lookup_kind = match func.as_str() {
                "flag" => Some(NameKind::Flag),
                "deal" => Some(NameKind::Term),
                "revealed" => Some(NameKind::Party),
                "fired" => Some(NameKind::Event),
                _ => None,
            };
            if let Some(kind) = lookup_kind {
                let [arg] = args.as_slice() else {
                    return Err(ExprError::at(
                        *column,
                        format!("{func}(…) takes one {} name", kind.noun()),
                    ));
                };
                let Ast::Name { name, column } = arg else {
                    return Err(ExprError::at(
                        arg_columns.first().copied().unwrap_or(*column),
                        format!("{func}(…) takes a {} name, not a calculation", kind.noun()),
                    ));
                };
                let Some(index) = names.lookup(kind, name) else {
                    let mut err =
                        ExprError::at(*column, format!("unknown {} '{name}'", kind.noun()));
                    err.suggestion = suggest(name, names.all(kind));
                    return Err(err);
                };
                let operand = match kind {
                    NameKind::Flag => Operand::Flag(index),
                    NameKind::Term => Operand::Deal(index),
                    NameKind::Party => Operand::Revealed(index),
                    NameKind::Event => Operand::Fired(index),
                    NameKind::Variable => Operand::Var(index),
                };
                pushed(ops, Op::Push(operand), depth, max_depth);
                return Ok(());
            }
            let (min_args, max_args) = match func.as_str() {
                "min" | "max" => (2, 16),
                "clamp" => (3, 3),
                "abs" | "round" => (1, 1),
                _ => {
                    let mut err = ExprError::at(*column, format!("unknown function '{func}'"));
                    err.suggestion = suggest(func, FUNCTIONS.to_vec());
                    return Err(err);
                }
            };
            if args.len() < min_args || args.len() > max_args {
                let wanted = if min_args == max_args {
                    format!("{min_args}")
                } else {
                    format!("{min_args} to {max_args}")
                };
                return Err(ExprError::at(
                    *column,
                    format!("{func}(…) takes {wanted} arguments, found {}", args.len()),
                ));
            }
            for arg in args {
                emit(arg, names, ops, depth, max_depth)?;
            }
            let n = args.len();
            ops.push(match func.as_str() {
                "min" => Op::Min(n as u8),
                "max" => Op::Max(n as u8),
                "clamp" => Op::Clamp,
                "abs" => Op::Abs,
                _ => Op::Round,
            });
            *depth -= n - 1;
        }
    }
    Ok(())
}

fn unknown_name(names: &impl Names, name: &str, column: usize) -> ExprError {
    // A flag, term or party used bare is a common slip: say how to read it.
    for (kind, func) in [
        (NameKind::Flag, "flag"),
        (NameKind::Term, "deal"),
        (NameKind::Party, "revealed"),
        (NameKind::Event, "fired"),
    ] {
        if names.lookup(kind, name).is_some() {
            return ExprError::at(
                column,
                format!(
                    "'{name}' is a {}, not a variable; write {func}({name})",
                    kind.noun()
                ),
            );
        }
    }
    let mut candidates = names.all(NameKind::Variable);
    candidates.extend_from_slice(BUILTINS);
    let mut err = ExprError::at(column, format!("unknown variable '{name}'"));
    err.suggestion = suggest(name, candidates);
    err
}

/// The closest candidate by edit distance, if it is close enough to be a likely typo.
pub fn suggest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let distance = edit_distance(name, candidate);
        let limit = (name.chars().count().max(candidate.chars().count()) / 3).max(1);
        let prefix_match = candidate.starts_with(name) || name.starts_with(candidate);
        if (distance <= limit || (prefix_match && name.len() >= 3))
            && best.is_none_or(|(d, _)| distance < d)
        {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c.to_string())
}

/// Levenshtein distance over characters (strsim's, rather than a hand-written loop).
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(a, b)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    struct TestNames;
    impl Names for TestNames {
        fn lookup(&self, kind: NameKind, name: &str) -> Option<u16> {
            let table: &[&str] = match kind {
                NameKind::Variable => &["tension", "china_trust", "program"],
                NameKind::Flag => &["talks_open"],
                NameKind::Term => &["inspections"],
                NameKind::Party => &["china"],
                NameKind::Event => &["missile_test"],
            };
            table.iter().position(|n| *n == name).map(|i| i as u16)
        }
        fn all(&self, kind: NameKind) -> Vec<&str> {
            match kind {
                NameKind::Variable => vec!["tension", "china_trust", "program"],
                NameKind::Flag => vec!["talks_open"],
                NameKind::Term => vec!["inspections"],
                NameKind::Party => vec!["china"],
                NameKind::Event => vec!["missile_test"],
            }
        }
    }

    struct TestEnv;
    impl Env for TestEnv {
        fn var(&self, index: u16) -> f64 {
            [80.0, 20.0, 40.0][index as usize]
        }
        fn flag(&self, _: u16) -> bool {
            true
        }
        fn deal(&self, _: u16) -> f64 {
            2.0
        }
        fn revealed(&self, _: u16) -> bool {
            false
        }
        fn fired(&self, _: u16) -> f64 {
            3.0
        }
        fn turn(&self) -> f64 {
            5.0
        }
        fn month_of_year(&self) -> f64 {
            6.0
        }
        fn year(&self) -> f64 {
            2017.0
        }
        fn months_left(&self) -> f64 {
            31.0
        }
    }

    fn eval(text: &str) -> f64 {
        compile(text, &TestNames).expect("compiles").eval(&TestEnv)
    }

    fn error(text: &str) -> ExprError {
        compile(text, &TestNames).expect_err("should fail")
    }

    #[test]
    fn arithmetic_and_precedence() {
        assert_eq!(eval("2 + tension / 20"), 6.0);
        assert_eq!(eval("2 * 3 + 4"), 10.0);
        assert_eq!(eval("2 * (3 + 4)"), 14.0);
        assert_eq!(eval("-2 * 3"), -6.0);
        assert_eq!(eval("10 - 4 - 3"), 3.0);
        assert_eq!(eval("1 / 0"), 0.0);
        assert_eq!(eval("1_000 + 0.5"), 1000.5);
    }

    #[test]
    fn logic_and_comparisons() {
        assert_eq!(eval("tension > 70 and china_trust < 30"), 1.0);
        assert_eq!(eval("tension > 70 and china_trust > 30"), 0.0);
        assert_eq!(eval("tension < 70 or china_trust < 30"), 1.0);
        assert_eq!(eval("not tension > 90"), 1.0);
        assert_eq!(eval("not flag(talks_open) or true"), 1.0);
        assert_eq!(eval("tension == 80 && program != 3"), 1.0);
        assert_eq!(eval("!false"), 1.0);
    }

    #[test]
    fn reads_lists_each_input_once() {
        let expr = compile(
            "tension + tension * flag(talks_open) + turn + 3",
            &TestNames,
        )
        .expect("compiles");
        assert_eq!(
            expr.reads(),
            [Operand::Var(0), Operand::Flag(0), Operand::Turn]
        );
        assert!(Expr::constant(2.0).reads().is_empty());
    }

    #[test]
    fn functions_and_builtins() {
        assert_eq!(eval("min(tension, program, 50)"), 40.0);
        assert_eq!(eval("max(1, 2)"), 2.0);
        assert_eq!(eval("clamp(tension, 0, 50)"), 50.0);
        assert_eq!(eval("abs(0 - 3)"), 3.0);
        assert_eq!(eval("round(2.6)"), 3.0);
        assert_eq!(eval("deal(inspections) * 10"), 20.0);
        assert_eq!(eval("revealed(china)"), 0.0);
        assert_eq!(eval("fired(missile_test)"), 3.0);
        assert_eq!(eval("turn + month + year + months_left"), 2059.0);
    }

    #[test]
    fn errors_carry_columns() {
        let e = error("tension > 70 and chna_trust < 30");
        assert_eq!(e.column, 18);
        assert_eq!(e.message, "unknown variable 'chna_trust'");
        assert_eq!(e.suggestion.as_deref(), Some("china_trust"));

        assert_eq!(error("2 + ").column, 5);
        assert_eq!(error("(1 + 2").column, 7);
        assert_eq!(error("1 + 2)").column, 6);
        assert_eq!(error("tension = 3").column, 9);
        assert_eq!(error("1 < 2 < 3").column, 7);
        assert_eq!(error("flag(talk_open)").column, 6);
        assert_eq!(
            error("flag(talk_open)").suggestion.as_deref(),
            Some("talks_open")
        );
        assert_eq!(error("clamp(1, 2)").column, 1);
        assert_eq!(error("foo(1)").message, "unknown function 'foo'");
        assert_eq!(error("").message, "the expression is empty");
        assert_eq!(error("3 $ 4").column, 3);
        assert!(
            error("talks_open")
                .message
                .contains("write flag(talks_open)")
        );
    }

    /// `=>` and `=<` (reversed `>=`, `<=`) used to be answered "compare with '=='".
    #[test]
    fn reversed_comparisons_are_named() {
        let e = error("tension => 50");
        assert_eq!(e.column, 9);
        assert_eq!(e.message, "'=>' is not an operator");
        assert_eq!(e.suggestion.as_deref(), Some(">="));
        let e = error("tension =< 50");
        assert_eq!(e.message, "'=<' is not an operator");
        assert_eq!(e.suggestion.as_deref(), Some("<="));
        assert!(error("tension = 3").message.contains("compare with '=='"));
    }

    #[test]
    fn limits_are_enforced() {
        let deep = format!("{}1{}", "(".repeat(40), ")".repeat(40));
        assert!(error(&deep).message.contains("nested too deeply"));
        let long = vec!["1"; 600].join("+");
        assert!(error(&long).message.contains("long"));
        let many = vec!["1"; 200].join("+");
        assert!(error(&many).message.contains("too long"));
    }

    #[test]
    fn overflow_stays_finite() {
        let big = format!("tension{}", format!(" * 1{}", "0".repeat(300)).repeat(2));
        let e = compile(&big, &TestNames).expect("compiles");
        assert!(e.eval(&TestEnv).is_finite());
    }

    /// The postfix ops run one by one on a plain stack: the reference semantics the fused
    /// steps, the shapes and the early-exit chains must reproduce bit for bit.
    fn reference(expr: &Expr, env: &impl Env) -> f64 {
        let mut stack: Vec<f64> = Vec::new();
        for op in expr.ops() {
            match *op {
                Op::Push(operand) => stack.push(operand.read(env)),
                Op::Neg => *stack.last_mut().expect("operand") *= -1.0,
                Op::Not => {
                    let v = stack.pop().expect("operand");
                    stack.push(truth(v == 0.0));
                }
                Op::Abs => {
                    let v = stack.pop().expect("operand");
                    stack.push(v.abs());
                }
                Op::Round => {
                    let v = stack.pop().expect("operand");
                    stack.push(v.round());
                }
                Op::Bin(op) => {
                    let b = stack.pop().expect("operand");
                    let a = stack.pop().expect("operand");
                    stack.push(binary(op, a, b));
                }
                Op::Min(n) | Op::Max(n) => {
                    let args = stack.split_off(stack.len() - usize::from(n));
                    let pick = if matches!(op, Op::Min(_)) {
                        f64::min
                    } else {
                        f64::max
                    };
                    // The last argument folded with the earlier ones in order (which matters
                    // only for the sign of a zero: max(-0, 0)).
                    let (last, earlier) = args.split_last().expect("arguments");
                    stack.push(earlier.iter().copied().fold(*last, pick));
                }
                Op::Clamp => {
                    let hi = stack.pop().expect("operand");
                    let lo = stack.pop().expect("operand");
                    let x = stack.pop().expect("operand");
                    stack.push(if x < lo {
                        lo
                    } else if x > hi {
                        hi
                    } else {
                        x
                    });
                }
            }
        }
        finite(stack.pop().expect("a result"))
    }

    /// Random expression text over every operator, function and kind of name.
    fn expression() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            (0u32..200).prop_map(|n| format!("{}", f64::from(n) / 4.0)),
            Just("0".to_string()),
            Just("tension".to_string()),
            Just("china_trust".to_string()),
            Just("program".to_string()),
            Just("flag(talks_open)".to_string()),
            Just("deal(inspections)".to_string()),
            Just("revealed(china)".to_string()),
            Just("fired(missile_test)".to_string()),
            Just("turn".to_string()),
            Just("months_left".to_string()),
        ];
        expression_over(leaf, 5, 40, 4)
    }

    /// Random expression text over every operator and function, with `leaf`'s literals
    /// and names at the leaves (`depth`, `size`, `branch` as `prop_recursive` takes them).
    /// Also the level lint's tests' generator.
    pub(crate) fn expression_over(
        leaf: impl Strategy<Value = String> + 'static,
        depth: u32,
        size: u32,
        branch: u32,
    ) -> impl Strategy<Value = String> {
        leaf.prop_recursive(depth, size, branch, |inner| {
            let op = proptest::sample::select(vec![
                "+", "-", "*", "/", "<", "<=", ">", ">=", "==", "!=", "and", "or",
            ]);
            prop_oneof![
                (inner.clone(), op, inner.clone())
                    .prop_map(|(a, op, b)| format!("({a}) {op} ({b})")),
                (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) - ({b}) + 1")),
                (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) * {b}")),
                inner.clone().prop_map(|a| format!("-({a})")),
                inner.clone().prop_map(|a| format!("not ({a})")),
                inner.clone().prop_map(|a| format!("abs({a})")),
                inner.clone().prop_map(|a| format!("round({a})")),
                proptest::collection::vec(inner.clone(), 2..4)
                    .prop_map(|args| format!("min({})", args.join(", "))),
                proptest::collection::vec(inner.clone(), 2..4)
                    .prop_map(|args| format!("max({})", args.join(", "))),
                (inner.clone(), inner.clone(), inner)
                    .prop_map(|(x, lo, hi)| format!("clamp({x}, {lo}, {hi})")),
            ]
        })
    }

    proptest! {
        #[test]
        fn fused_steps_match_the_reference_semantics(text in expression()) {
            let expr = compile(&text, &TestNames).expect("generated text compiles");
            let fast = expr.eval(&TestEnv);
            let slow = reference(&expr, &TestEnv);
            prop_assert_eq!(fast.to_bits(), slow.to_bits(), "{}", text);
        }
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            suggest("tensoin", ["tension", "program"]),
            Some("tension".into())
        );
        assert_eq!(suggest("xyz", ["tension", "program"]), None);
    }
}
